"""PyTorch reference for the learning benchmark: a plain fine-tune of the same GGUF weights (loaded from the raw
tensors the benchmark wrote) on the same token ids and labels, with the same settings (AdamW betas 0.9/0.95, linear
warm-up then cosine decay, gradient-norm clipping at 1.0, loss = token losses / labelled tokens of the step), then the
same measurements. Prints JSON: loss and accuracy on the unseen rephrasings, general-text loss, and the base model's."""
import json, math, sys
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

job = json.load(open(sys.argv[1]))
w = job["weights"]
torch.set_num_threads(2)
torch.manual_seed(job["seed"])
L, D, H, KV, EPS = w["layers"], w["width"], w["heads"], w["kv_heads"], w["eps"]
HD = D // H


def tensor(name):
    return torch.from_numpy(np.fromfile(f"{w['folder']}/{name}.bin", dtype="<f4").reshape(w["tensors"][name]).copy())


def rotate(x, cos, sin):
    pairs = x.reshape(*x.shape[:-1], -1, 2)
    even, odd = pairs[..., 0], pairs[..., 1]
    return torch.stack([even * cos - odd * sin, even * sin + odd * cos], -1).reshape(x.shape)


class Model(nn.Module):
    def __init__(s):
        super().__init__()
        s.p = nn.ParameterDict({n.replace(".", "_"): nn.Parameter(tensor(n)) for n in w["tensors"]})

    def w(s, name):
        return s.p[name.replace(".", "_")]

    def norm(s, x, name):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + EPS) * s.w(name)

    def forward(s, tokens):
        b, t = tokens.shape
        freqs = w["rope_base"] ** (torch.arange(0, HD, 2).double() / -HD)
        angles = torch.outer(torch.arange(t).double(), freqs)
        cos, sin = angles.cos().float(), angles.sin().float()
        mask = torch.full((t, t), float("-inf")).triu(1)
        x = F.embedding(tokens, s.w("token_embd.weight"))
        for i in range(L):
            p = f"blk.{i}."
            h = s.norm(x, p + "attn_norm.weight")
            q = rotate((h @ s.w(p + "attn_q.weight").t()).view(b, t, H, HD).transpose(1, 2), cos, sin)
            k = rotate((h @ s.w(p + "attn_k.weight").t()).view(b, t, KV, HD).transpose(1, 2), cos, sin).repeat_interleave(H // KV, 1)
            v = (h @ s.w(p + "attn_v.weight").t()).view(b, t, KV, HD).transpose(1, 2).repeat_interleave(H // KV, 1)
            att = torch.softmax((q @ k.transpose(-1, -2)) / math.sqrt(HD) + mask, -1) @ v
            x = x + att.transpose(1, 2).reshape(b, t, -1) @ s.w(p + "attn_output.weight").t()
            h = s.norm(x, p + "ffn_norm.weight")
            x = x + (F.silu(h @ s.w(p + "ffn_gate.weight").t()) * (h @ s.w(p + "ffn_up.weight").t())) @ s.w(p + "ffn_down.weight").t()
        head = s.w("output.weight") if "output.weight" in w["tensors"] else s.w("token_embd.weight")
        return s.norm(x, "output_norm.weight") @ head.t()


def batch_loss(model, samples):
    """Sum of the token losses where the next token is labelled, and how many there are."""
    t = max(len(s["tokens"]) for s in samples)
    tokens = torch.zeros((len(samples), t), dtype=torch.long)
    targets = torch.full((len(samples), t), -100, dtype=torch.long)
    for r, s in enumerate(samples):
        tokens[r, :len(s["tokens"])] = torch.tensor(s["tokens"])
        for i in range(len(s["tokens"]) - 1):
            if s["labels"][i + 1]:
                targets[r, i] = s["tokens"][i + 1]
    logits = model(tokens)
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=-100, reduction="sum")
    return loss, int((targets != -100).sum())


def measure(model):
    with torch.no_grad():
        loss = tokens = right = 0
        for item in job["ranking"]:
            sums = [batch_loss(model, [c])[0].item() for c in item["candidates"]]
            loss += sums[item["fact"]]
            tokens += batch_loss(model, [item["candidates"][item["fact"]]])[1]
            right += int(int(np.argmin(sums)) == item["fact"])
        g = [batch_loss(model, [s]) for s in job["general"]]
        return loss / tokens, right / len(job["ranking"]), sum(x[0].item() for x in g) / sum(x[1] for x in g)


model = Model()
base_loss, _, base_general = measure(model)
train, B, E, peak, warmup = job["train"], job["batch"], job["epochs"], job["learning_rate"], job["warmup"]
steps_per_epoch = math.ceil(len(train) / B)
total = steps_per_epoch * E
optimizer = torch.optim.AdamW(model.parameters(), lr=peak, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.0)
step = 0
for epoch in range(E):
    order = torch.randperm(len(train)).tolist()
    for i in range(0, len(order), B):
        lr = peak * (step + 1) / warmup if step < warmup else peak * 0.5 * (1 + math.cos(math.pi * min(1.0, (step - warmup) / max(1, total - warmup))))
        for group in optimizer.param_groups:
            group["lr"] = lr
        optimizer.zero_grad()
        loss, n = batch_loss(model, [train[j] for j in order[i:i + B]])
        (loss / max(1, n)).backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        step += 1
loss, accuracy, general = measure(model)
print(json.dumps({"loss": loss, "accuracy": accuracy, "general": general, "base_loss": base_loss, "base_general": base_general}))
