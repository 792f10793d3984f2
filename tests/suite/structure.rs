//! The code's shape, checked: every crate's module graph is a tree (no
//! module reaches a sibling that reaches back, however far round), and
//! every module with children is `name/mod.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// The workspace's crate roots: each program and library, the SDK, the
/// CLI and the test suite.
fn crate_roots() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut roots = Vec::new();
    for group in ["programs", "libs"] {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(root.join(group))
            .unwrap()
            .map(|e| e.unwrap().path().join("src"))
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        roots.extend(dirs);
    }
    roots.push(root.join("sdk/src"));
    roots.push(root.join("cli/src"));
    roots.push(root.join("tests/suite"));
    roots
}

/// Every `.rs` file under `dir` and the module it is.
fn modules(dir: &Path) -> BTreeMap<Module, PathBuf> {
    fn walk(dir: &Path, prefix: &Module, out: &mut BTreeMap<Module, PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                let mut next = prefix.clone();
                next.push(name);
                walk(&path, &next, out);
            } else if let Some(stem) = name.strip_suffix(".rs") {
                let module = match stem {
                    "lib" | "main" | "mod" => prefix.clone(),
                    _ => {
                        let mut m = prefix.clone();
                        m.push(stem.to_string());
                        m
                    }
                };
                out.insert(module, path);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, &Vec::new(), &mut out);
    out
}

/// The module paths `text` names: `crate::a::b`, `super::a`, `self::a`,
/// and the items of `use ...::{a, b::c}` groups.
fn references(text: &str) -> Vec<(String, Vec<String>)> {
    // Code only: what comments mention (doc links included) is no import.
    let code: String = text
        .lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let text = code.as_str();
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for anchor in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(at) = text[from..].find(anchor) {
            let start = from + at;
            from = start + anchor.len();
            let before = start.checked_sub(1).map(|i| bytes[i]);
            if before
                .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':' || b == b'$')
            {
                continue;
            }
            // Follow `super::super::` chains.
            let mut base = vec![anchor.trim_end_matches("::").to_string()];
            let mut rest = &text[from..];
            while let Some(next) = rest.strip_prefix("super::") {
                base.push("super".into());
                rest = next;
            }
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let segs = segments(item.trim());
                    if !segs.is_empty() {
                        out.push((base.join("::"), segs));
                    }
                }
            } else {
                out.push((base.join("::"), segments(rest)));
            }
        }
    }
    out
}

fn segments(text: &str) -> Vec<String> {
    let mut segs = Vec::new();
    let mut rest = text;
    loop {
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        segs.push(rest[..end].to_string());
        match rest[end..].strip_prefix("::") {
            Some(next) if !next.starts_with('{') => rest = next,
            _ => break,
        }
    }
    segs
}

/// The module a reference from `from` reaches: the deepest module its
/// path names.
fn resolve(modules: &BTreeSet<Module>, from: &Module, base: &str, segs: &[String]) -> Module {
    let mut at: Module = match base.split("::").next() {
        Some("crate") => Vec::new(),
        _ => from.clone(),
    };
    for part in base.split("::") {
        if part == "super" {
            at.pop();
        }
    }
    for seg in segs {
        let mut next = at.clone();
        next.push(seg.clone());
        if modules.contains(&next) {
            at = next;
        } else {
            break;
        }
    }
    at
}

fn is_prefix(a: &Module, b: &Module) -> bool {
    a.len() <= b.len() && a[..] == b[..a.len()]
}

/// A cycle among `edges`, if there is one.
fn find_cycle(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &Module,
        edges: &BTreeMap<Module, BTreeSet<Module>>,
        marks: &mut BTreeMap<Module, Mark>,
        stack: &mut Vec<Module>,
    ) -> Option<Vec<Module>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let at = stack.iter().position(|m| m == node).unwrap();
                let mut cycle = stack[at..].to_vec();
                cycle.push(node.clone());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(node.clone(), Mark::Open);
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, marks, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        marks.insert(node.clone(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in edges.keys() {
        if let Some(cycle) = visit(node, edges, &mut marks, &mut Vec::new()) {
            return Some(cycle);
        }
    }
    None
}

/// The import graph of one crate, edges between modules neither of which
/// contains the other.
fn graph(root: &Path) -> BTreeMap<Module, BTreeSet<Module>> {
    let files = modules(root);
    let names: BTreeSet<Module> = files.keys().cloned().collect();
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, path) in &files {
        let text = std::fs::read_to_string(path).unwrap();
        for (base, segs) in references(&text) {
            let target = resolve(&names, module, &base, &segs);
            if !is_prefix(&target, module) && !is_prefix(module, &target) {
                edges.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    edges
}

#[test]
fn module_graphs_are_trees() {
    for root in crate_roots() {
        let edges = graph(&root);
        if let Some(cycle) = find_cycle(&edges) {
            let names: Vec<String> = cycle.iter().map(|m| m.join("::")).collect();
            panic!(
                "{}: modules import each other: {}",
                root.display(),
                names.join(" -> ")
            );
        }
    }
}

#[test]
fn the_cycle_check_finds_a_cycle() {
    // Two siblings importing each other, and a chain of three.
    let text_a = "use super::b::Thing; // crate::d is a comment\nfn f() { crate::c::g(); }";
    let mut refs = references(text_a);
    refs.sort();
    assert_eq!(refs.len(), 2);
    assert_eq!(
        refs[1],
        (
            "super".to_string(),
            vec!["b".to_string(), "Thing".to_string()]
        )
    );
    let names: BTreeSet<Module> = [vec![], vec!["a".into()], vec!["b".into()], vec!["c".into()]]
        .into_iter()
        .collect();
    let a: Module = vec!["a".into()];
    assert_eq!(
        resolve(&names, &a, "super", &refs[1].1),
        vec!["b".to_string()]
    );
    assert_eq!(
        resolve(&names, &a, "crate", &refs[0].1),
        vec!["c".to_string()]
    );
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    let m = |s: &str| -> Module { vec![s.to_string()] };
    edges.entry(m("a")).or_default().insert(m("b"));
    edges.entry(m("b")).or_default().insert(m("c"));
    assert!(find_cycle(&edges).is_none());
    edges.entry(m("c")).or_default().insert(m("a"));
    assert_eq!(find_cycle(&edges).unwrap().len(), 4);
    let grouped = references("use super::{x, y::z};");
    assert_eq!(grouped.len(), 2);
    assert_eq!(grouped[1].1, vec!["y".to_string(), "z".to_string()]);
}

#[test]
fn a_module_with_children_is_a_mod_rs() {
    for root in crate_roots() {
        for (module, path) in modules(&root) {
            if module.is_empty() {
                continue;
            }
            let dir = path.with_extension("");
            let name = path.file_name().unwrap().to_string_lossy();
            assert!(
                name == "mod.rs" || !dir.is_dir(),
                "{} sits beside {}: make it {}/mod.rs",
                path.display(),
                dir.display(),
                dir.display()
            );
        }
    }
}
