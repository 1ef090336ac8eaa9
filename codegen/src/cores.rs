//! Work spread over the machine's cores: the model stage's pure, per-item steps (cleaning docs,
//! summarizing them), which would otherwise leave the other cores idle.

/// `work` done on every item, the results in the items' order. The items are split into one run
/// of consecutive items per core; the calling thread takes the first. A panic in any run is
/// the caller's, as if the items had been done on its thread.
pub fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, items.len().max(1));
    let mut runs = items.chunks(items.len().div_ceil(threads).max(1));
    let here = runs.next().unwrap_or_default();
    let work = &work;
    std::thread::scope(|scope| {
        let others: Vec<_> = runs.map(|run| scope.spawn(move || run.iter().map(work).collect::<Vec<R>>())).collect();
        let mut all: Vec<R> = here.iter().map(work).collect();
        for other in others {
            all.extend(other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        all
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_items_order() {
        let items: Vec<usize> = (0..1001).collect();
        assert_eq!(super::map(&items, |n| n * 2), items.iter().map(|n| n * 2).collect::<Vec<_>>());
        assert!(super::map(&[] as &[usize], |n| *n).is_empty());
    }
}
