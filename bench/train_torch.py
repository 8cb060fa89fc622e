#!/usr/bin/python3
"""PyTorch peer of `pnpm bench:train` (driven by bench/train.mjs; runnable alone).

The same model as packages/trainer's `Transformer` + `TransformerPolicy`: item embeddings (padding =
a zero row), `layers` pre-LN blocks of causal multi-head attention with ALiBi biases (slopes
2^(-8h/H), h = 1..H), a sliding window of `context` tokens and padding keys masked (a position
always sees itself), a GELU (tanh approximation) feed-forward of width 4d, a final layer norm, and
the output layer tied to the item embeddings plus a per-item bias. The list head: the history is
encoded once (prefill; the state at its last position is h), and slot t of a list scores
`(h + M * sum_{j<t} e(y_j)) . E^T + b` over the items not yet chosen, so each step after the
prefill costs one output projection, a masked softmax, a draw and a d x d state update.

Training step: dropout 0.1 (embeddings and both residual branches), next-item cross-entropy at every
position, backward, global-norm clipping at 1, AdamW (beta=(0.9, 0.999), eps=1e-8, weight decay
0.01 on matrices only). Sampling: one prefill of the B contexts, the states repeated to the n rows
of each context, then K steps of masked softmax, one draw per row (torch.multinomial, or the
inverse-CDF draw ours uses), the chosen item masked out of the row's later steps and added to the
list state, all under `torch.inference_mode()`. Greedy decoding takes the argmax instead.

Modes (each prints one JSON object on stdout):
  --info                          versions, thread settings, and the BLAS library torch has loaded
  --bench --threads N [--reps R]  timings with torch.set_num_threads(N)
  --check DIR                     equivalence check against tensors bench/train.mjs wrote to DIR
"""
import argparse
import json
import math
import os
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

V, D, H, L, FFN, C, B, K = 4100, 64, 4, 2, 4, 12, 64, 10
MASKED = -1e9  # attention bias of a hidden key, as in packages/trainer/src/model/alibi.ts


def alibi_slopes(heads):
    return torch.tensor([2.0 ** (-8.0 * (h + 1) / heads) for h in range(heads)])


def attention_bias(key_valid, query_pos, keys, context, slopes):
    """Additive bias [R, H, Tq, Tk]: ALiBi -m_h * distance where visible, MASKED elsewhere.

    key_valid: [R, Tk] bool (False = padding); query_pos: [Tq] absolute positions.
    A key is visible when it is the query itself, or earlier, within `context` and not padding.
    """
    dist = query_pos[:, None] - torch.arange(keys)[None, :]  # [Tq, Tk]
    window = (dist > 0) & (dist < context)
    visible = (dist == 0) | (window[None] & key_valid[:, None, :])  # [R, Tq, Tk]
    alibi = -slopes[:, None, None] * dist[None].float()  # [H, Tq, Tk]
    return torch.where(visible[:, None], alibi[None], torch.tensor(MASKED))


class Block(nn.Module):
    def __init__(self, d, heads, ffn, dropout):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d, eps=1e-5)
        self.qkv = nn.Linear(d, 3 * d)  # q, k, v projections fused into one GEMM
        self.out = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d, eps=1e-5)
        self.ffn_in = nn.Linear(d, ffn * d)
        self.ffn_out = nn.Linear(ffn * d, d)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, bias):
        b, t, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).view(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        att = torch.softmax(torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(d // self.heads)) + bias, dim=-1)
        o = torch.matmul(att, v).transpose(1, 2).reshape(b, t, d)
        x = x + self.drop(self.out(o))
        return x + self.drop(self.ffn_out(F.gelu(self.ffn_in(self.ln2(x)), approximate='tanh')))


class ItemTransformer(nn.Module):
    def __init__(self, num_items=V, d=D, heads=H, layers=L, ffn=FFN, context=C, dropout=0.1):
        super().__init__()
        self.context = context
        self.embedding = nn.Parameter(torch.randn(num_items, d) * 0.02)
        self.item_bias = nn.Parameter(torch.zeros(num_items))
        self.blocks = nn.ModuleList([Block(d, heads, ffn, dropout) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(d, eps=1e-5)
        self.interaction = nn.Parameter(torch.zeros(d, d))  # list head M (state += e(y) @ M)
        self.drop = nn.Dropout(dropout)
        self.register_buffer('slopes', alibi_slopes(heads), persistent=False)

    def embed(self, tokens):
        """tokens [..] with -1 = padding -> embeddings, padding a zero row (no gradient)."""
        return F.embedding(tokens.clamp(min=0), self.embedding) * (tokens >= 0).unsqueeze(-1)

    def logits(self, h):
        return F.linear(h, self.embedding, self.item_bias)  # h . E^T + b (tied output)

    def hidden(self, tokens):
        """Right-aligned token batch [B, T] (-1 = padding) -> final-LN hidden states [B, T, d]."""
        t = tokens.shape[1]
        bias = attention_bias(tokens >= 0, torch.arange(t), t, self.context, self.slopes)
        x = self.drop(self.embed(tokens))
        for block in self.blocks:
            x = block(x, bias)
        return self.ln_f(x)

    def forward(self, tokens):
        return self.logits(self.hidden(tokens))

    @torch.inference_mode()
    def generate(self, contexts, n, length, greedy=False, forced=None, generator=None, draw='multinomial'):
        """Lists of `length` distinct items for each of the B contexts [B, C] x n rows (rows of a
        context adjacent). Returns (items [R, K], per-token log-probabilities [R, K]). With `forced`
        [R, K] the given items are taken instead of drawn (scores the sampling path for the check).

        draw: 'multinomial' = torch.multinomial(probs, 1) (the idiomatic call; on the CPU it draws
        an exponential variate per item, which dominates at 512 rows); 'cdf' = inverse CDF with one
        uniform per row (cumsum + searchsorted), the same draw as ours (step-sampler.ts)."""
        r = contexts.shape[0] * n
        h = self.hidden(contexts)[:, -1]
        query = h.repeat_interleave(n, dim=0) if n > 1 else h
        mask = torch.zeros(r, self.embedding.shape[0])
        items = torch.empty(r, length, dtype=torch.long)
        logp = torch.empty(r, length)
        rows = torch.arange(r)
        for t in range(length):
            logits = torch.addmm(self.item_bias, query, self.embedding.T) + mask
            if greedy:
                pick = logits.argmax(dim=1)
            else:
                probs = torch.softmax(logits, dim=1)
                if forced is not None:
                    pick = forced[:, t]
                elif draw == 'cdf':
                    cdf = probs.cumsum(dim=1)
                    u = torch.rand(r, 1, generator=generator) * cdf[:, -1:]
                    pick = torch.searchsorted(cdf, u, right=True).squeeze(1).clamp_(max=probs.shape[1] - 1)
                else:
                    pick = torch.multinomial(probs, 1, generator=generator).squeeze(1)
                logp[:, t] = probs[rows, pick].log()
            items[:, t] = pick
            mask[rows, pick] = MASKED
            if t < length - 1:
                query = query + self.embedding[pick] @ self.interaction
        return items, logp

    def list_logprobs(self, contexts, rows, lists):
        """Teacher-forced log-probability of each list (sum over slots), like ours' `logProb`."""
        h = self.hidden(contexts)[:, -1][rows]
        r, k = lists.shape
        before = torch.cumsum(self.embedding[lists], dim=1) - self.embedding[lists]  # exclusive prefix sums
        query = h[:, None, :] + before @ self.interaction
        logits = self.logits(query)  # [R, K, V]
        banned = torch.zeros(r, k, self.embedding.shape[0], dtype=torch.bool)
        for t in range(1, k):
            banned[:, t].scatter_(1, lists[:, :t], True)
        logits = logits.masked_fill(banned, MASKED)
        return torch.log_softmax(logits, dim=-1).gather(2, lists[..., None]).squeeze(2).sum(1)


def make_optimizer(model, lr=1e-3, weight_decay=0.01):
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    return torch.optim.AdamW([{'params': decay, 'weight_decay': weight_decay}, {'params': no_decay, 'weight_decay': 0.0}], lr=lr, betas=(0.9, 0.999), eps=1e-8)


def train_step(model, opt, tokens, labels):
    """One SFT optimizer step; returns (loss, gradient norm before clipping) as floats."""
    loss = F.cross_entropy(model(tokens).view(-1, model.embedding.shape[0]), labels.view(-1))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    return loss.item(), norm.item()


def blas_libraries():
    """Shared libraries with BLAS/LAPACK in their name mapped into this process."""
    libs = set()
    with open('/proc/self/maps') as maps:
        for line in maps:
            path = line.split()[-1]
            if path.startswith('/') and any(s in os.path.basename(path) for s in ('blas', 'lapack', 'mkl')):
                libs.add(os.path.realpath(path))
    return sorted(libs)


def info():
    torch.mm(torch.randn(64, 64), torch.randn(64, 64))  # make sure the BLAS is loaded and used
    cfg = torch.__config__.show()
    blas_info = [part.strip() for line in cfg.splitlines() for part in line.split(',') if 'BLAS_INFO' in part or 'LAPACK_INFO' in part]
    return {
        'torch': torch.__version__,
        'python': sys.version.split()[0],
        'blas_build': blas_info,
        'blas_loaded': blas_libraries(),
        'default_threads': torch.get_num_threads(),
        'openblas_num_threads_env': os.environ.get('OPENBLAS_NUM_THREADS'),
        'cpu_capability': next((l.strip() for l in cfg.splitlines() if 'CPU capability' in l), None),
    }


def timed(fn, warmup, reps):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return {'median': statistics.median(times), 'min': min(times), 'reps': reps, 'all': times}


def bench(threads, reps):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = ItemTransformer()
    opt = make_optimizer(model)
    tokens = torch.randint(0, V, (B, C))
    labels = torch.randint(0, V, (B, C))
    contexts = torch.randint(0, V, (B, C))
    gen = torch.Generator().manual_seed(2)
    model.train()
    out = {'threads': torch.get_num_threads(), 'interop_threads': torch.get_num_interop_threads()}
    out['step'] = timed(lambda: train_step(model, opt, tokens, labels), 3, reps)
    model.eval()
    for draw in ('multinomial', 'cdf'):
        out[f'sample_64x1x10_{draw}'] = timed(lambda: model.generate(contexts, 1, K, generator=gen, draw=draw), 3, reps)
        out[f'sample_64x8x10_{draw}'] = timed(lambda: model.generate(contexts, 8, K, generator=gen, draw=draw), 2, max(3, reps // 2))
    out['greedy_64x10'] = timed(lambda: model.generate(contexts, 1, K, greedy=True), 3, reps)
    out['kernel'] = kernels(reps)
    out['blas_loaded'] = blas_libraries()
    return out


def kernels(reps):
    """The vocabulary op alone, as bench/train.mjs measures ours: (1) the SFT loss head, forward and
    backward, for 768 rows (64 x 12): F.linear(h, E, b) + cross-entropy, gradients into h, E, b;
    (2) one inverse-CDF draw for 512 rows (64 x 8): logits, softmax, cumsum, searchsorted."""
    gen = torch.Generator().manual_seed(3)
    h = torch.randn(B * C, D, generator=gen).requires_grad_()
    emb = (torch.randn(V, D, generator=gen) * 0.5).requires_grad_()
    bias = torch.zeros(V).requires_grad_()
    labels = torch.randint(0, V, (B * C,), generator=gen)

    def vocab():
        for t in (h, emb, bias):
            t.grad = None
        F.cross_entropy(F.linear(h, emb, bias), labels).backward()

    q = torch.randn(B * 8, D, generator=gen)
    u = torch.rand(B * 8, 1, generator=gen)

    def draw():
        with torch.inference_mode():
            p = torch.softmax(F.linear(q, emb, bias), dim=-1)
            c = p.cumsum(-1)
            return torch.searchsorted(c, u * c[:, -1:]).clamp(max=V - 1)

    return {'vocab_fwd_bwd_768': timed(vocab, 3, reps), 'draw_512': timed(draw, 3, reps)}


# ---------------------------------------------------------------------------------------------
# Equivalence check. bench/train.mjs writes DIR/meta.json (parameter names/shapes in order, token
# batches, labels, ours' results) and DIR/*.bin (float32 little-endian).

def load_ours(directory):
    with open(os.path.join(directory, 'meta.json')) as f:
        meta = json.load(f)

    def read(name, shape=None):
        t = torch.from_file(os.path.join(directory, name), size=os.path.getsize(os.path.join(directory, name)) // 4, dtype=torch.float32).clone()
        return t.view(*shape) if shape else t

    return meta, read


def assign_ours(model, values, shapes):
    """Copies our parameters (x @ W convention, separate q/k/v) into the torch model."""
    p = {}
    offset = 0
    for name, shape in shapes:
        n = math.prod(shape)
        p[name] = values[offset: offset + n].view(*shape)
        offset += n
    with torch.no_grad():
        model.embedding.copy_(p['items.embedding'])
        model.item_bias.copy_(p['items.bias'])
        for l, block in enumerate(model.blocks):
            g = lambda s: p[f'block{l}.{s}']
            block.ln1.weight.copy_(g('ln1.gamma')); block.ln1.bias.copy_(g('ln1.beta'))
            block.qkv.weight.copy_(torch.cat([g('attn.q.w').T, g('attn.k.w').T, g('attn.v.w').T], 0))
            block.qkv.bias.copy_(torch.cat([g('attn.q.b'), g('attn.k.b'), g('attn.v.b')]))
            block.out.weight.copy_(g('attn.out.w').T); block.out.bias.copy_(g('attn.out.b'))
            block.ln2.weight.copy_(g('ln2.gamma')); block.ln2.bias.copy_(g('ln2.beta'))
            block.ffn_in.weight.copy_(g('ffn.in.w').T); block.ffn_in.bias.copy_(g('ffn.in.b'))
            block.ffn_out.weight.copy_(g('ffn.out.w').T); block.ffn_out.bias.copy_(g('ffn.out.b'))
        model.ln_f.weight.copy_(p['final.ln.gamma']); model.ln_f.bias.copy_(p['final.ln.beta'])
        model.interaction.copy_(p['list.interaction'])


def ours_layout(model, shapes):
    """The torch model's parameters (or gradients) flattened in our parameter order and layout."""
    def flat(get):
        out = []
        for name, _ in shapes:
            if name == 'items.embedding':
                t = get(model.embedding)
            elif name == 'items.bias':
                t = get(model.item_bias)
            elif name == 'list.interaction':
                t = get(model.interaction)
            elif name.startswith('final.ln.'):
                t = get(model.ln_f.weight if name.endswith('gamma') else model.ln_f.bias)
            else:
                l = int(name[5:name.index('.')])
                block = model.blocks[l]
                rest = name[name.index('.') + 1:]
                d = block.out.weight.shape[0]
                if rest.startswith('attn.') and rest[5] in 'qkv':
                    i = 'qkv'.index(rest[5])
                    t = get(block.qkv.weight)[i * d:(i + 1) * d].T if rest.endswith('.w') else get(block.qkv.bias)[i * d:(i + 1) * d]
                else:
                    mod = {'ln1': block.ln1, 'ln2': block.ln2, 'attn.out': block.out, 'ffn.in': block.ffn_in, 'ffn.out': block.ffn_out}[rest.rsplit('.', 1)[0]]
                    leaf = rest.rsplit('.', 1)[1]
                    t = get(mod.weight).T if leaf == 'w' else get(mod.weight if leaf == 'gamma' else mod.bias)
            out.append(t.reshape(-1))
        return torch.cat(out)
    return flat


def check(directory):
    torch.set_num_threads(1)
    meta, read = load_ours(directory)
    shapes = [(n, s) for n, s in meta['shapes']]
    model = ItemTransformer(num_items=meta['numItems'], context=meta['context'], dropout=0.0)
    assign_ours(model, read('weights.bin'), shapes)
    flat = ours_layout(model, shapes)
    report = {}

    def compare(name, ours, theirs):
        diff = (ours - theirs).abs().max().item()
        scale = theirs.abs().max().item()
        report[name] = {'max_abs_diff': diff, 'max_abs_value': scale, 'count': theirs.numel()}

    # 1. logits and loss of one teacher-forced batch with padding (no dropout)
    tokens = torch.tensor(meta['tokens'], dtype=torch.long).view(meta['batch'], meta['length'])
    labels = torch.tensor(meta['labels'], dtype=torch.long).view(-1)
    positions = torch.tensor(meta['positions'], dtype=torch.long)
    model.train()
    logits = model(tokens).view(-1, model.embedding.shape[0])
    compare('logits', read('logits.bin'), logits.detach().view(-1))
    loss = F.cross_entropy(logits[positions], labels)
    report['loss'] = {'ours': meta['loss'], 'torch': loss.item(), 'abs_diff': abs(meta['loss'] - loss.item())}
    # 2. gradients, global norm, and the parameters after one clipped AdamW step
    opt = make_optimizer(model, lr=meta['lr'], weight_decay=meta['weightDecay'])
    opt.zero_grad()
    loss.backward()
    torch_grads = flat(lambda p: p.grad if p.grad is not None else torch.zeros_like(p)).detach()
    compare('gradients', read('grads.bin'), torch_grads)
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), meta['clip']).item()
    report['grad_norm'] = {'ours': meta['gradNorm'], 'torch': norm, 'abs_diff': abs(meta['gradNorm'] - norm)}
    opt.step()
    ours_updated, torch_updated = read('updated.bin'), flat(lambda p: p).detach()
    compare('params_after_step', ours_updated, torch_updated)
    # Adam's first step is ~lr*sign(g): where |g| is within a few eps of 0, float noise moves it
    big = torch_grads.abs() >= 1e-5
    compare('params_after_step_grad_ge_1e-5', ours_updated[big], torch_updated[big])
    report['params_after_step']['small_grad_count'] = int((~big).sum())
    # 3. the list head's sampling path (prefill, masked softmax, list-state updates), scored on the
    # lists ours drew; greedy decoding; and the teacher-forced list log-probabilities (ours: logProb)
    model.eval()
    contexts = torch.tensor(meta['contexts'], dtype=torch.long).view(-1, meta['context'])
    n, k = meta['sampleN'], meta['sampleK']
    drawn = torch.tensor(meta['sampled'], dtype=torch.long).view(-1, k)
    _, lp = model.generate(contexts, n, k, forced=drawn)
    compare('sample_token_logprobs', read('sample_logprobs.bin'), lp.view(-1))
    with torch.no_grad():
        totals = model.list_logprobs(contexts, torch.arange(contexts.shape[0]).repeat_interleave(n), drawn)
    compare('list_logprobs', torch.tensor(meta['listLogProbs']), totals)
    greedy, _ = model.generate(contexts, 1, k, greedy=True)
    ours_greedy = torch.tensor(meta['greedy'], dtype=torch.long).view(-1, k)
    report['greedy_lists'] = {'identical_items': int((greedy == ours_greedy).sum()), 'count': greedy.numel()}
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--info', action='store_true')
    parser.add_argument('--bench', action='store_true')
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--reps', type=int, default=15)
    parser.add_argument('--check', metavar='DIR')
    args = parser.parse_args()
    if args.info:
        out = info()
    elif args.bench:
        out = bench(args.threads, args.reps)
    elif args.check:
        out = check(args.check)
    else:
        parser.error('choose --info, --bench or --check DIR')
    usage = resource.getrusage(resource.RUSAGE_SELF)  # all threads of this process
    out['cpuMs'] = (usage.ru_utime + usage.ru_stime) * 1e3
    out['maxRssKiB'] = usage.ru_maxrss
    json.dump(out, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
