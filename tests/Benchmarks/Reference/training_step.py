"""PyTorch reference for the training-step benchmark: the same Llama shape, batch, sequence length and threads,
full steps (forward, backward, AdamW betas 0.9/0.95, gradient-norm clipping at 1.0) in f32. Prints tokens/s and the
process's peak resident bytes."""
import argparse, math, time
import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
for name in ["layers", "width", "heads", "kv_heads", "ffn", "vocab", "batch", "sequence", "steps", "threads"]:
    p.add_argument("--" + name.replace("_", "-"), type=int, required=True)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(1)
hd = a.width // a.heads


class Norm(nn.Module):
    def __init__(s):
        super().__init__(); s.w = nn.Parameter(torch.ones(a.width))
    def forward(s, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * s.w


def rotate(x, cos, sin):
    pairs = x.reshape(*x.shape[:-1], -1, 2)
    even, odd = pairs[..., 0], pairs[..., 1]
    return torch.stack([even * cos - odd * sin, even * sin + odd * cos], -1).reshape(x.shape)


class Layer(nn.Module):
    def __init__(s):
        super().__init__()
        s.n1, s.n2 = Norm(), Norm()
        s.q = nn.Linear(a.width, a.heads * hd, bias=False); s.k = nn.Linear(a.width, a.kv_heads * hd, bias=False)
        s.v = nn.Linear(a.width, a.kv_heads * hd, bias=False); s.o = nn.Linear(a.heads * hd, a.width, bias=False)
        s.g = nn.Linear(a.width, a.ffn, bias=False); s.u = nn.Linear(a.width, a.ffn, bias=False); s.d = nn.Linear(a.ffn, a.width, bias=False)
    def forward(s, x, cos, sin, mask):
        b, t, _ = x.shape
        h = s.n1(x)
        q = rotate(s.q(h).view(b, t, a.heads, hd).transpose(1, 2), cos, sin)
        k = rotate(s.k(h).view(b, t, a.kv_heads, hd).transpose(1, 2), cos, sin).repeat_interleave(a.heads // a.kv_heads, 1)
        v = s.v(h).view(b, t, a.kv_heads, hd).transpose(1, 2).repeat_interleave(a.heads // a.kv_heads, 1)
        att = torch.softmax((q @ k.transpose(-1, -2)) / math.sqrt(hd) + mask, -1) @ v   # torch 1.13 has no SDPA
        x = x + s.o(att.transpose(1, 2).reshape(b, t, -1))
        return x + s.d(F.silu(s.g(s.n2(x))) * s.u(s.n2(x)))


class Model(nn.Module):
    def __init__(s):
        super().__init__()
        s.e = nn.Embedding(a.vocab, a.width); s.layers = nn.ModuleList([Layer() for _ in range(a.layers)]); s.n = Norm()
    def forward(s, tokens):
        t = tokens.shape[1]
        freqs = 10000.0 ** (torch.arange(0, hd, 2).double() / -hd)
        angles = torch.outer(torch.arange(t).double(), freqs)
        cos, sin = angles.cos().float(), angles.sin().float()
        mask = torch.full((t, t), float("-inf")).triu(1)
        x = s.e(tokens)
        for layer in s.layers:
            x = layer(x, cos, sin, mask)
        return s.n(x) @ s.e.weight.t()   # tied head, as the 135M shape has


model = Model()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5, betas=(0.9, 0.95), weight_decay=0.0)
tokens = torch.randint(a.vocab, (a.batch, a.sequence + 1))


def step():
    optimizer.zero_grad()
    logits = model(tokens[:, :-1])
    loss = F.cross_entropy(logits.reshape(-1, a.vocab), tokens[:, 1:].reshape(-1), reduction="sum") / tokens[:, 1:].numel()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()


step()
start = time.perf_counter()
for _ in range(a.steps):
    step()
elapsed = time.perf_counter() - start
# VmHWM, not ru_maxrss: the latter keeps the high-water mark of the process that started this one.
peak = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(f"{a.batch * a.sequence * a.steps / elapsed:.1f} {peak}")
