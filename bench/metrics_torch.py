"""PyTorch peer of bench/metrics.mjs: the same metrics on the same data, written the way a good torch
user would write them (vectorised, no Python loop over lists).

Usage: /usr/bin/python3 bench/metrics_torch.py <data-dir> <runs>

<data-dir> holds what bench/metrics.mjs wrote: meta.json and the raw little-endian arrays
acc_items.i32 (lists x width), acc_targets.i32 (lists), ild_items.i32 (lists x width) and
embeddings.f32 (items x dim). Every list holds `width` distinct catalog items and each accuracy
list has one target, so NDCG@K = 1/log2(p + 1) at the target's rank p <= K (IDCG = 1) and
Recall@K = 1 if the target is in the top K.

ILD uses the same Gram identity as bladerec's kernel (the best algorithm for both: O(n * dim) per
list instead of O(n^2 * dim) for the pairwise form):
    sum_{j<l} cos(e_j, e_l) = (||sum_j u_j||^2 - sum_j ||u_j||^2) / 2,   u_j = e_j / ||e_j||
    ILD = 1 - (||sum_j u_j||^2 - sum_j ||u_j||^2) / (n (n - 1))
The unit vectors are computed once, outside the timed runs (bladerec caches them per embedding
matrix too).

Each workload runs with torch.set_num_threads(2) (the peer; this machine has 2 cores) and again
with 1 thread (for reference), in float64 (bladerec's precision) and float32 (torch's usual dtype);
for ILD both the idiomatic `embedding_bag` and a chunked gather are timed and the faster one is
reported.
Timings: one warm-up, then the best of <runs>. Prints one JSON object on stdout and writes the
float64 per-list scores next to the inputs (torch_ndcg.f64, torch_recall.f64, torch_ild.f64) so
that the node script can compare them element by element.
"""

import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def best_of(fn, runs):
    fn()  # warm-up
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main():
    data_dir, runs = sys.argv[1], int(sys.argv[2])
    with open(os.path.join(data_dir, "meta.json")) as f:
        meta = json.load(f)
    k, width, dim = meta["k"], meta["width"], meta["dim"]

    def load(name, dtype, shape):
        return torch.from_numpy(np.fromfile(os.path.join(data_dir, name), dtype=dtype).reshape(shape))

    acc_items = load("acc_items.i32", np.int32, (meta["accLists"], width))
    targets = load("acc_targets.i32", np.int32, (meta["accLists"],))
    ild_items = load("ild_items.i32", np.int32, (meta["ildLists"], width))
    embeddings = load("embeddings.f32", np.float32, (meta["items"], dim))

    result = {
        "torch": torch.__version__,
        "numpy": np.__version__,
        "interopThreads": torch.get_num_interop_threads(),
        "runs": runs,
        "threads": {},
    }
    top = acc_items[:, :k]
    ild_top = ild_items[:, :k].contiguous()
    ild_top_long = ild_top.long()
    n = ild_top.shape[1]
    unit64 = F.normalize(embeddings.double(), dim=1)

    # the peer runs with 2 threads (this machine's cores); 1 thread is measured too, for reference
    for threads in (2, 1):
        torch.set_num_threads(threads)
        out = result["threads"][str(threads)] = {"acc": {}, "ild": {}}
        write = threads == 2

        # NDCG@K + Recall@K, single target: a hit matrix, then one matrix-vector product and one row sum;
        # timed as written plainly and with preallocated outputs (bladerec reuses its output buffers too)
        lists = top.shape[0]
        for dtype, name in ((torch.float64, "float64"), (torch.float32, "float32")):
            discount = 1.0 / torch.log2(torch.arange(2, k + 2, dtype=dtype))

            def accuracy():
                hits = (top == targets[:, None]).to(dtype)
                return hits @ discount, hits.sum(1)

            hit_mask = torch.empty((lists, k), dtype=torch.bool)
            hit_values = torch.empty((lists, k), dtype=dtype)
            ndcg_out = torch.empty(lists, dtype=dtype)
            recall_out = torch.empty(lists, dtype=dtype)

            def accuracy_out():
                torch.eq(top, targets[:, None], out=hit_mask)
                hit_values.copy_(hit_mask)
                torch.mv(hit_values, discount, out=ndcg_out)
                torch.sum(hit_values, 1, out=recall_out)
                return ndcg_out, recall_out

            timings = {"plain": best_of(accuracy, runs), "preallocated out=": best_of(accuracy_out, runs)}
            method = min(timings, key=timings.get)
            ndcg, recall = (t.clone() for t in (accuracy() if method == "plain" else accuracy_out()))
            out["acc"][name] = {"seconds": timings[method], "method": method, "timings": timings, "ndcgMean": ndcg.double().mean().item(), "recallMean": recall.double().mean().item()}
            if write and dtype == torch.float64:
                ndcg.numpy().tofile(os.path.join(data_dir, "torch_ndcg.f64"))
                recall.numpy().tofile(os.path.join(data_dir, "torch_recall.f64"))

        # ILD (cosine) with the Gram identity
        for dtype, name in ((torch.float64, "float64"), (torch.float32, "float32")):
            unit = unit64.to(dtype)
            squared_norm = (unit * unit).sum(1, keepdim=True)

            def ild_embedding_bag():
                total = F.embedding_bag(ild_top, unit, mode="sum").square().sum(1)
                diagonal = F.embedding_bag(ild_top, squared_norm, mode="sum")[:, 0]
                return (1 - (total - diagonal) / (n * (n - 1))).clamp(0, 2)

            def ild_gather(chunk=2000):
                parts = []
                for s in range(0, ild_top_long.shape[0], chunk):
                    rows = ild_top_long[s : s + chunk]
                    total = unit[rows].sum(1).square().sum(1)
                    diagonal = squared_norm[rows, 0].sum(1)
                    parts.append((1 - (total - diagonal) / (n * (n - 1))).clamp(0, 2))
                return torch.cat(parts)

            chunk = 2000
            gathered = torch.empty((chunk * n, unit.shape[1]), dtype=dtype)
            summed = torch.empty((chunk, unit.shape[1]), dtype=dtype)
            norms = torch.empty(chunk * n, dtype=dtype)
            ild_out = torch.empty(ild_top_long.shape[0], dtype=dtype)
            flat = ild_top_long.reshape(-1)

            def ild_gather_out():
                for s in range(0, ild_top_long.shape[0], chunk):
                    m = min(chunk, ild_top_long.shape[0] - s)
                    index = flat[s * n : (s + m) * n]
                    torch.index_select(unit, 0, index, out=gathered[: m * n])
                    torch.sum(gathered[: m * n].view(m, n, -1), 1, out=summed[:m])
                    torch.index_select(squared_norm[:, 0], 0, index, out=norms[: m * n])
                    part = ild_out[s : s + m]
                    torch.sum(summed[:m].square_(), 1, out=part)
                    part.sub_(norms[: m * n].view(m, n).sum(1)).div_(-(n * (n - 1))).add_(1).clamp_(0, 2)
                return ild_out

            timings = {
                "embedding_bag": best_of(ild_embedding_bag, runs),
                "gather (2000-list chunks)": best_of(ild_gather, runs),
                "gather, preallocated out=": best_of(ild_gather_out, runs),
            }
            method = min(timings, key=timings.get)
            ild = {"embedding_bag": ild_embedding_bag, "gather (2000-list chunks)": ild_gather, "gather, preallocated out=": ild_gather_out}[method]().clone()
            out["ild"][name] = {"seconds": timings[method], "method": method, "timings": timings, "mean": ild.double().mean().item()}
            if write and dtype == torch.float64:
                ild.numpy().tofile(os.path.join(data_dir, "torch_ild.f64"))

    print(json.dumps(result))


if __name__ == "__main__":
    main()
