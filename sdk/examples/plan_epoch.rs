#[path = "../../tests/suite/settle/epoch.rs"]
mod epoch;
use encore_sdk::settle::{ingest, plan, rules, windows, ChainView, PlanConfig};
fn main() {
    let e = epoch::generate(epoch::EpochSpec::bench());
    let csv = e.csv();
    for _ in 0..2 {
        let t = std::time::Instant::now();
        let log = ingest::parse(&csv).unwrap();
        let t_parse = t.elapsed();
        let view = ChainView::offline(log.listeners.len(), &[], log.tracks.len());
        let mut plays = log.plays.clone();
        let t1 = std::time::Instant::now();
        rules::apply(&PlanConfig::default().rules, &mut plays);
        let t_rules = t1.elapsed();
        let t2 = std::time::Instant::now();
        let w = windows::cut(&plays, &view);
        let t_cut = t2.elapsed();
        let t3 = std::time::Instant::now();
        let p = plan(log, &view, 1, &PlanConfig::default());
        let t_plan = t3.elapsed();
        println!("parse {:?} rules {:?} cut {:?} (windows {}) plan(all) {:?} batches {}", t_parse, t_rules, t_cut, w.windows.len(), t_plan, p.batches.len());
    }
}
