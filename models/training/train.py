#!/usr/bin/env python3
"""Train the Oasis ultrasound pre-read model for one region and export it to ONNX.

Usage (from the repository root, Debian python):
    /usr/bin/python3 models/training/train.py --region breast  --data /work/shared/datasets/busi --out models/breast/1.0.0
    /usr/bin/python3 models/training/train.py --region thyroid --data /work/shared/datasets/ddti --out models/thyroid/1.0.0

Model contract (see models/training/README.md):
    input  `image`      float32 [N,1,256,256], raw grayscale 0..255 (bilinear resize, no letterbox)
    output `malignancy` float32 [N,1]        sigmoid probability of malignancy
    output `lesion`     float32 [N,1]        sigmoid probability that a lesion is present
    output `box`        float32 [N,4]        [x, y, w, h] normalised 0..1, x,y = top-left corner
    output `heatmap`    float32 [N,1,64,64]  per-cell lesion probability
All normalisation happens inside the graph.
"""
import argparse
import csv
import datetime
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

IMG = 256
HM = 64

# --------------------------------------------------------------------------------------------
# data


CACHE = os.environ.get("OASIS_TRAIN_CACHE", "/tmp/oasis-train-cache")


def load_split(data_dir, region):
    """Both splits of one dataset folder, decoded and squashed to 256x256 (cached as .npz in /tmp)."""
    name = os.path.basename(os.path.normpath(data_dir))
    rows = list(csv.DictReader(open(os.path.join(data_dir, "labels.csv"))))
    os.makedirs(CACHE, exist_ok=True)
    cache = os.path.join(CACHE, f"{name}-{os.path.getmtime(os.path.join(data_dir, 'labels.csv')):.0f}.npz")
    cached = np.load(cache) if os.path.exists(cache) else None
    arrays = {}
    out = {}
    for split in ("train", "val"):
        rs = [r for r in rows if r["split"] == split]
        n = len(rs)
        imgs = cached[split + "_img"] if cached is not None else np.zeros((n, 1, IMG, IMG), np.uint8)
        masks = cached[split + "_mask"] if cached is not None else np.zeros((n, 1, IMG, IMG), np.uint8)
        has_mask = np.zeros(n, np.float32)
        malignant = np.zeros(n, np.float32)
        lesion = np.zeros(n, np.float32)
        cls_w = np.ones(n, np.float32)  # 1 = counts for the malignancy loss
        for i, r in enumerate(rs):
            if cached is None:
                im = Image.open(os.path.join(data_dir, "images", r["file"])).convert("L")
                if im.size != (IMG, IMG):
                    im = im.resize((IMG, IMG), Image.BILINEAR)
                imgs[i, 0] = np.asarray(im)
            lab = r["label"]
            malignant[i] = 1.0 if lab == "malignant" else 0.0
            lesion[i] = 0.0 if lab == "normal" else 1.0
            if r["mask_file"]:
                if cached is None:
                    m = Image.open(os.path.join(data_dir, "masks", r["mask_file"])).convert("L")
                    if m.size != (IMG, IMG):
                        m = m.resize((IMG, IMG), Image.BILINEAR)
                    masks[i, 0] = (np.asarray(m) >= 128).astype(np.uint8)
                has_mask[i] = 1.0
            elif lab == "normal":
                # a normal image has no lesion: its lesion map is known to be empty
                has_mask[i] = 1.0
        out[split] = dict(
            files=[r["file"] for r in rs], labels=[r["label"] for r in rs],
            img=torch.from_numpy(imgs), mask=torch.from_numpy(masks),
            has_mask=torch.from_numpy(has_mask), malignant=torch.from_numpy(malignant),
            lesion=torch.from_numpy(lesion), cls_w=torch.from_numpy(cls_w),
            source=[name] * n,
        )
        arrays[split + "_img"], arrays[split + "_mask"] = imgs, masks
    if cached is None:
        np.savez(cache, **arrays)
    return out


def load_pooled(data_dirs, region):
    """Several dataset folders of one region pooled per split; `source` keeps each image's dataset."""
    parts = [load_split(d, region) for d in data_dirs]
    out = {}
    for split in ("train", "val"):
        ps = [p[split] for p in parts]
        out[split] = {k: (torch.cat([p[k] for p in ps]) if torch.is_tensor(ps[0][k]) else sum((p[k] for p in ps), []))
                      for k in ps[0]}
    return out


def boxes_from_masks(mask):
    """mask [N,1,H,W] in {0,1} -> (box [N,4] normalised xywh, valid [N])."""
    n, _, h, w = mask.shape
    m = mask[:, 0] > 0.5
    cols = m.any(1)  # [N,W]
    rows = m.any(2)  # [N,H]
    valid = cols.any(1)
    ar_w = torch.arange(w).float()
    ar_h = torch.arange(h).float()
    big = 1e9
    x0 = torch.where(cols, ar_w, torch.full_like(ar_w, big)).min(1).values
    x1 = torch.where(cols, ar_w, torch.full_like(ar_w, -big)).max(1).values
    y0 = torch.where(rows, ar_h, torch.full_like(ar_h, big)).min(1).values
    y1 = torch.where(rows, ar_h, torch.full_like(ar_h, -big)).max(1).values
    box = torch.stack([x0 / w, y0 / h, (x1 - x0 + 1) / w, (y1 - y0 + 1) / h], 1)
    box = torch.where(valid[:, None], box, torch.zeros_like(box))
    return box.clamp(0, 1), valid


def augment(img, mask, gen, strength=1.0):
    """Batch augmentation on raw 0..255 images. img float [B,1,H,W], mask float [B,1,H,W]."""
    b = img.shape[0]

    def U(lo, hi, *shape):
        return torch.rand(*(shape or (b,)), generator=gen) * (hi - lo) + lo

    # geometric: horizontal flip, rotation, anisotropic scale, translation (image + mask together)
    flip = (torch.rand(b, generator=gen) < 0.5).float() * -2 + 1
    ang = U(-12, 12) * math.pi / 180 * strength
    sx = torch.exp(U(-0.15, 0.15) * strength)
    sy = sx * torch.exp(U(-0.12, 0.12) * strength)
    tx = U(-0.10, 0.10) * strength
    ty = U(-0.10, 0.10) * strength
    cos, sin = torch.cos(ang), torch.sin(ang)
    # affine_grid maps output coords -> input coords; 1/s zooms in for s>1
    theta = torch.zeros(b, 2, 3)
    theta[:, 0, 0] = cos / sx * flip
    theta[:, 0, 1] = -sin / sx
    theta[:, 1, 0] = sin / sy * flip
    theta[:, 1, 1] = cos / sy
    theta[:, 0, 2] = tx
    theta[:, 1, 2] = ty
    grid = F.affine_grid(theta, img.shape, align_corners=False)
    img = F.grid_sample(img, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    mask = F.grid_sample(mask, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    # depth crop: another scanner/preset shows less depth, so the lesion sits larger and lower in the frame
    crop = (torch.rand(b, generator=gen) < 0.3 * strength).float()
    f = 1 - crop * U(0.0, 0.4)
    theta2 = torch.zeros(b, 2, 3)
    theta2[:, 0, 0] = 1
    theta2[:, 1, 1] = f
    theta2[:, 1, 2] = f - 1
    grid = F.affine_grid(theta2, img.shape, align_corners=False)
    img = F.grid_sample(img, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    mask = F.grid_sample(mask, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    mask = (mask > 0.5).float()

    x = img / 255.0
    # time-gain compensation differences: a smooth gain ramp with depth
    ramp = torch.linspace(-0.5, 0.5, x.shape[2]).view(1, 1, -1, 1)
    x = x * torch.exp(U(-0.5, 0.5).view(b, 1, 1, 1) * strength * ramp)
    # gamma, contrast, brightness
    gamma = torch.exp(U(-0.35, 0.35) * strength).view(b, 1, 1, 1)
    x = x.clamp(0, 1) ** gamma
    c = torch.exp(U(-0.3, 0.3) * strength).view(b, 1, 1, 1)
    br = (U(-0.1, 0.1) * strength).view(b, 1, 1, 1)
    mean = x.mean((2, 3), keepdim=True)
    x = (x - mean) * c + mean + br
    # speckle-like multiplicative noise (spatially correlated a little), plus a bit of blur sometimes
    sig = (U(0.0, 0.25) * strength).view(b, 1, 1, 1)
    noise = torch.randn(x.shape, generator=gen)
    noise = F.avg_pool2d(noise, 3, 1, 1) * 2.0
    x = x * (1 + sig * noise)
    blur = (torch.rand(b, generator=gen) < 0.25).view(b, 1, 1, 1).float()
    x = blur * F.avg_pool2d(x, 3, 1, 1) + (1 - blur) * x
    # lower-resolution scanners / re-exported images: down- and up-sample
    low = (torch.rand(b, generator=gen) < 0.2 * strength).view(b, 1, 1, 1).float()
    small = F.interpolate(x, scale_factor=0.5, mode="bilinear", align_corners=False)
    x = low * F.interpolate(small, size=x.shape[-2:], mode="bilinear", align_corners=False) + (1 - low) * x
    x = burn_in_marks(x.clamp(0, 1), gen, 0.5 * strength)
    x = (x.clamp(0, 1) * 255.0)
    return x, mask


def burn_in_marks(x, gen, p):
    """Calipers ('+' marks, dotted lines) and text blocks burned into the frame, as on many scanners:
    the call must not depend on them."""
    b, _, h, w = x.shape
    x = x.clone()

    def ri(lo, hi):
        return int(torch.randint(lo, hi, (1,), generator=gen))

    for i in range(b):
        if float(torch.rand(1, generator=gen)) >= p:
            continue
        v = 0.75 + 0.25 * float(torch.rand(1, generator=gen))
        for _ in range(ri(1, 5)):  # calipers
            cy, cx, r = ri(8, h - 8), ri(8, w - 8), ri(2, 6)
            x[i, 0, cy, cx - r:cx + r + 1] = v
            x[i, 0, cy - r:cy + r + 1, cx] = v
        if float(torch.rand(1, generator=gen)) < 0.5:  # dotted measurement line
            y0, x0, y1, x1 = ri(10, h - 10), ri(10, w - 10), ri(10, h - 10), ri(10, w - 10)
            for t in np.linspace(0, 1, 24):
                x[i, 0, int(y0 + t * (y1 - y0)), int(x0 + t * (x1 - x0))] = v
        if float(torch.rand(1, generator=gen)) < 0.6:  # a line of "text" in a corner band
            th, tw = ri(6, 12), ri(30, 90)
            y0 = ri(0, 14) if float(torch.rand(1, generator=gen)) < 0.5 else ri(h - 26, h - th)
            x0 = ri(0, w - tw)
            glyphs = (torch.rand(th, tw // 2, generator=gen) < 0.45).float().repeat_interleave(2, 1)
            region = x[i, 0, y0:y0 + th, x0:x0 + glyphs.shape[1]]
            x[i, 0, y0:y0 + th, x0:x0 + glyphs.shape[1]] = torch.maximum(region, glyphs[:region.shape[0], :region.shape[1]] * v)
    return x


# --------------------------------------------------------------------------------------------
# model


def cbr(cin, cout, stride=1, k=3):
    return nn.Sequential(nn.Conv2d(cin, cout, k, stride, k // 2, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class ResBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = cbr(cin, cout, stride)
        self.c2 = nn.Sequential(nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        self.skip = None
        if stride != 1 or cin != cout:
            self.skip = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, 0, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        s = x if self.skip is None else self.skip(x)
        return F.relu(self.c2(self.c1(x)) + s)


class PreReadNet(nn.Module):
    """Compact residual CNN with a small FPN for the 64x64 heatmap.

    Normalisation in the graph: x/255, then per-image standardisation (mean/std over the image),
    which makes the model insensitive to global gain/offset differences between scanners.
    """

    def __init__(self, width=(24, 32, 64, 128, 192), dropout=0.3):
        super().__init__()
        w0, w1, w2, w3, w4 = width
        self.stem = cbr(1, w0, 2)                 # 128
        self.l1 = ResBlock(w0, w1, 2)             # 64
        self.l2 = ResBlock(w1, w2, 2)             # 32
        self.l3 = ResBlock(w2, w3, 2)             # 16
        self.l4 = ResBlock(w3, w4, 2)             # 8
        f = 48
        self.lat4 = nn.Conv2d(w4, f, 1)
        self.lat3 = nn.Conv2d(w3, f, 1)
        self.lat2 = nn.Conv2d(w2, f, 1)
        self.lat1 = nn.Conv2d(w1, f, 1)
        self.hm_head = nn.Sequential(cbr(f, f), nn.Conv2d(f, 1, 1))
        self.drop = nn.Dropout(dropout)
        self.cls = nn.Linear(2 * w4, 2)           # [malignancy, lesion] logits
        self.box = nn.Sequential(nn.Linear(2 * w4 + 4, 64), nn.ReLU(inplace=True), nn.Linear(64, 4))
        nn.init.constant_(self.hm_head[-1].bias, -2.0)

    def forward(self, x):
        x = x / 255.0
        m = x.mean((2, 3), keepdim=True)
        s = ((x - m) ** 2).mean((2, 3), keepdim=True)
        x = (x - m) / torch.sqrt(s + 1e-4)
        x = self.stem(x)
        c1 = self.l1(x)
        c2 = self.l2(c1)
        c3 = self.l3(c2)
        c4 = self.l4(c3)
        p = self.lat4(c4)
        p = F.interpolate(p, scale_factor=2.0, mode="nearest") + self.lat3(c3)
        p = F.interpolate(p, scale_factor=2.0, mode="nearest") + self.lat2(c2)
        p = F.interpolate(p, scale_factor=2.0, mode="nearest") + self.lat1(c1)
        hm_logit = self.hm_head(p)                # [N,1,64,64]
        g = torch.cat([c4.mean((2, 3)), c4.amax((2, 3))], 1)
        logits = self.cls(self.drop(g))
        box_logit = moment_box_logit(hm_logit, self.box, g)
        return logits[:, 0:1], logits[:, 1:2], box_logit, hm_logit


def _stride2_pad_like_keras(features):
    """Keras pads stride-2 convolutions (0 left/top, 1 right/bottom): reproduce it so the pretrained
    features start where they were trained (see ../shared/weights/mobilenet_v2_nsfwjs/README.md)."""
    for mod in features.modules():
        if isinstance(mod, nn.Conv2d) and mod.stride == (2, 2) and mod.kernel_size == (3, 3):
            mod.padding = (0, 0)
            mod.register_forward_pre_hook(lambda _m, inp: (F.pad(inp[0], (0, 1, 0, 1)),))


class MobileNetPreRead(nn.Module):
    """MobileNetV2 backbone (ImageNet-initialised, fine-tuned) with the same heads as PreReadNet.

    The graph keeps the 256x256 contract and resizes inside to `size` (bilinear) to fit the CPU budget.
    Per-image standardisation first (gain/offset invariance across scanners), then the grey image is
    repeated over the three channels the backbone expects.
    """

    def __init__(self, size=192, dropout=0.3, weights=None, freeze=2):
        super().__init__()
        import torchvision
        self.size = size
        feats = torchvision.models.mobilenet_v2(norm_layer=lambda c: nn.BatchNorm2d(c, eps=1e-3)).features
        if weights:
            sd = torch.load(weights, map_location="cpu")
            feats.load_state_dict({k[len("features."):]: v for k, v in sd.items()})
        _stride2_pad_like_keras(feats)
        self.s4, self.s8, self.s16, self.s32 = feats[:4], feats[4:7], feats[7:14], feats[14:]
        self.frozen = feats[:freeze]  # the first blocks keep their generic edge filters
        for p in self.frozen.parameters():
            p.requires_grad_(False)
        f = 48
        self.lat4 = nn.Conv2d(1280, f, 1)
        self.lat3 = nn.Conv2d(96, f, 1)
        self.lat2 = nn.Conv2d(32, f, 1)
        self.lat1 = nn.Conv2d(24, f, 1)
        self.hm_head = nn.Sequential(cbr(f, f), nn.Conv2d(f, 1, 1))
        self.drop = nn.Dropout(dropout)
        self.cls = nn.Linear(2 * 1280, 2)
        self.box = nn.Sequential(nn.Linear(2 * 1280 + 4, 64), nn.ReLU(inplace=True), nn.Linear(64, 4))
        nn.init.constant_(self.hm_head[-1].bias, -2.0)

    def train(self, mode=True):
        super().train(mode)
        self.frozen.eval()  # frozen batch-norm statistics stay the pretrained ones
        return self

    def forward(self, x):
        x = x / 255.0
        m = x.mean((2, 3), keepdim=True)
        s = ((x - m) ** 2).mean((2, 3), keepdim=True)
        x = (x - m) / torch.sqrt(s + 1e-4) * 0.5
        if self.size != IMG:
            x = F.interpolate(x, size=(self.size, self.size), mode="bilinear", align_corners=False)
        x = x.repeat(1, 3, 1, 1)
        c1 = self.s4(x)
        c2 = self.s8(c1)
        c3 = self.s16(c2)
        c4 = self.s32(c3)
        p = self.lat4(c4)
        p = F.interpolate(p, size=c3.shape[-2:], mode="nearest") + self.lat3(c3)
        p = F.interpolate(p, size=c2.shape[-2:], mode="nearest") + self.lat2(c2)
        p = F.interpolate(p, size=c1.shape[-2:], mode="nearest") + self.lat1(c1)
        p = F.interpolate(p, size=(HM, HM), mode="bilinear", align_corners=False)
        hm_logit = self.hm_head(p)
        g = torch.cat([c4.mean((2, 3)), c4.amax((2, 3))], 1)
        logits = self.cls(self.drop(g))
        box_logit = moment_box_logit(hm_logit, self.box, g)
        return logits[:, 0:1], logits[:, 1:2], box_logit, hm_logit


def moment_box_logit(hm_logit, box_mlp, g):
    """Box = a prior box from the predicted heatmap's centre +- 2 std, plus a learned correction (logit space)."""
    pm = torch.sigmoid(hm_logit.detach())[:, 0]
    tot = pm.sum((1, 2)) + 1e-3
    grid = (torch.arange(HM, dtype=pm.dtype) + 0.5) / HM
    px = pm.sum(1) / tot[:, None]
    py = pm.sum(2) / tot[:, None]
    cx = (px * grid).sum(1)
    cy = (py * grid).sum(1)
    sx = torch.sqrt((px * (grid - cx[:, None]) ** 2).sum(1) + 1e-6)
    sy = torch.sqrt((py * (grid - cy[:, None]) ** 2).sum(1) + 1e-6)
    mom = torch.stack([cx, cy, sx, sy], 1)
    prior = torch.stack([cx - 2 * sx, cy - 2 * sy, 4 * sx, 4 * sy], 1).clamp(0.02, 0.98)
    return torch.log(prior / (1 - prior)) + box_mlp(torch.cat([g, mom], 1))


def build_model(args):
    if args.backbone == "mobilenetv2":
        return MobileNetPreRead(size=args.size, dropout=args.dropout, weights=args.weights, freeze=args.freeze)
    return PreReadNet(width=tuple(args.width), dropout=args.dropout)


class ExportWrapper(nn.Module):
    """Applies the sigmoids so the ONNX graph returns probabilities; optional horizontal-flip TTA."""

    def __init__(self, net, tta=True, temperature=1.0, bias=0.0, clamp=0.0):
        super().__init__()
        self.net = net
        self.tta = tta
        # malignancy logit / T + b: calibration fitted on val (the offset absorbs the class weighting of training)
        self.temperature = float(temperature)
        self.bias = float(bias)
        self.clamp = float(clamp)  # no 0 % / 100 %: the model is never that sure

    def forward(self, image):
        mal, les, box, hm = self.net(image)
        t, b = self.temperature, self.bias
        mal, les, box, hm = torch.sigmoid(mal / t + b), torch.sigmoid(les), torch.sigmoid(box), torch.sigmoid(hm)
        if self.tta:
            mal2, les2, box2, hm2 = self.net(torch.flip(image, [3]))
            mal = 0.5 * (mal + torch.sigmoid(mal2 / t + b))
            les = 0.5 * (les + torch.sigmoid(les2))
            hm = 0.5 * (hm + torch.flip(torch.sigmoid(hm2), [3]))
            b2 = torch.sigmoid(box2)
            # un-flip box: x' = 1 - x - w
            b2 = torch.cat([1 - b2[:, 0:1] - b2[:, 2:3], b2[:, 1:4]], 1)
            box = 0.5 * (box + b2)
        if self.clamp:
            mal = mal.clamp(self.clamp, 1 - self.clamp)
        return mal, les, box.clamp(0.0, 1.0), hm


# --------------------------------------------------------------------------------------------
# metrics


def auc(scores, labels):
    scores = np.asarray(scores, float)
    labels = np.asarray(labels, int)
    pos, neg = scores[labels == 1], scores[labels == 0]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    gt = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(gt / (len(pos) * len(neg)))


def youden_threshold(scores, labels):
    """Threshold maximising Youden's J = sens + spec - 1 (ties -> the one closest to 0.5)."""
    scores = np.asarray(scores, float)
    labels = np.asarray(labels, int)
    cands = np.unique(scores)
    # thresholds midway between consecutive distinct scores, predict positive if score >= t
    mids = np.concatenate([[cands[0] - 1e-6], (cands[:-1] + cands[1:]) / 2, [cands[-1] + 1e-6]])
    best, best_t = -2, 0.5
    for t in mids:
        pred = scores >= t
        se = (pred & (labels == 1)).sum() / max(1, (labels == 1).sum())
        sp = (~pred & (labels == 0)).sum() / max(1, (labels == 0).sum())
        j = se + sp - 1
        if j > best + 1e-12 or (abs(j - best) <= 1e-12 and abs(t - 0.5) < abs(best_t - 0.5)):
            best, best_t = j, float(t)
    return float(np.clip(best_t, 0.0, 1.0)), float(best)


def binary_metrics(scores, labels, t):
    scores = np.asarray(scores, float)
    labels = np.asarray(labels, int)
    pred = scores >= t
    tp = int((pred & (labels == 1)).sum())
    tn = int((~pred & (labels == 0)).sum())
    fp = int((pred & (labels == 0)).sum())
    fn = int((~pred & (labels == 1)).sum())
    n = len(labels)
    return dict(
        n=n, nPositive=int((labels == 1).sum()), nNegative=int((labels == 0).sum()),
        accuracy=(tp + tn) / n if n else float("nan"),
        sensitivity=tp / (tp + fn) if tp + fn else float("nan"),
        specificity=tn / (tn + fp) if tn + fp else float("nan"),
        balancedAccuracy=0.5 * ((tp / (tp + fn) if tp + fn else 0) + (tn / (tn + fp) if tn + fp else 0)),
        auc=auc(scores, labels), tp=tp, tn=tn, fp=fp, fn=fn, threshold=t,
    )


def box_iou(a, b):
    ax1, ay1 = a[:, 0] + a[:, 2], a[:, 1] + a[:, 3]
    bx1, by1 = b[:, 0] + b[:, 2], b[:, 1] + b[:, 3]
    iw = (torch.minimum(ax1, bx1) - torch.maximum(a[:, 0], b[:, 0])).clamp(min=0)
    ih = (torch.minimum(ay1, by1) - torch.maximum(a[:, 1], b[:, 1])).clamp(min=0)
    inter = iw * ih
    union = a[:, 2] * a[:, 3] + b[:, 2] * b[:, 3] - inter
    return inter / union.clamp(min=1e-6)


def giou_loss(p, t):
    ax1, ay1 = p[:, 0] + p[:, 2], p[:, 1] + p[:, 3]
    bx1, by1 = t[:, 0] + t[:, 2], t[:, 1] + t[:, 3]
    iw = (torch.minimum(ax1, bx1) - torch.maximum(p[:, 0], t[:, 0])).clamp(min=0)
    ih = (torch.minimum(ay1, by1) - torch.maximum(p[:, 1], t[:, 1])).clamp(min=0)
    inter = iw * ih
    union = (p[:, 2] * p[:, 3] + t[:, 2] * t[:, 3] - inter).clamp(min=1e-6)
    enc = ((torch.maximum(ax1, bx1) - torch.minimum(p[:, 0], t[:, 0])) *
           (torch.maximum(ay1, by1) - torch.minimum(p[:, 1], t[:, 1]))).clamp(min=1e-6)
    return 1 - inter / union + (enc - union) / enc


# --------------------------------------------------------------------------------------------
# train / evaluate


@torch.no_grad()
def predict(model, img, bs=32):
    model.eval()
    outs = []
    for i in range(0, img.shape[0], bs):
        outs.append(model(img[i:i + bs].float()))
    return [torch.cat([o[k] for o in outs]) for k in range(4)]


def evaluate(wrapper, split, region):
    mal, les, box, hm = predict(wrapper, split["img"])
    mal = mal[:, 0].numpy()
    les = les[:, 0].numpy()
    labels = np.array(split["labels"])
    res = {}
    bm = labels != "normal"
    res["mal_scores"] = mal
    res["bm_mask"] = bm
    res["mal_auc_bm"] = auc(mal[bm], (labels[bm] == "malignant").astype(int))
    res["mal_auc_all"] = auc(mal, (labels == "malignant").astype(int))
    if region == "breast":
        res["lesion_auc"] = auc(les, (labels != "normal").astype(int))
    gt_box, valid = boxes_from_masks(split["mask"].float())
    valid = valid & (split["lesion"] > 0.5)
    if valid.any():
        res["box_iou"] = float(box_iou(box[valid], gt_box[valid]).mean())
        res["n_box"] = int(valid.sum())
    hmask = split["has_mask"] > 0.5
    if hmask.any():
        tgt = F.avg_pool2d(split["mask"].float(), IMG // HM)
        p = hm[hmask]
        t = (tgt[hmask] > 0.5).float()
        les_m = hmask & (split["lesion"] > 0.5)
        if les_m.any():
            pl = (hm[les_m] > 0.5).float()
            tl = (tgt[les_m] > 0.5).float()
            inter = (pl * tl).sum((1, 2, 3))
            res["heatmap_dice_lesions"] = float((2 * inter / (pl.sum((1, 2, 3)) + tl.sum((1, 2, 3)) + 1e-6)).mean())
    return res


def set_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def train(args, data, log):
    set_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    tr = data["train"]
    n = tr["img"].shape[0]
    model = build_model(args)
    nparams = sum(p.numel() for p in model.parameters())
    log(f"params: {nparams}")
    ema = build_model(args)
    ema.load_state_dict(model.state_dict())
    for p in ema.parameters():
        p.requires_grad_(False)

    # class balancing: per-sample weights so that each class contributes equally to its loss,
    # computed within each source dataset (tr["source"]) when extra data is mixed in
    labels = np.array(tr["labels"])
    source = np.array(tr["source"])
    mal_w = np.zeros(n, np.float32)
    les_w = np.ones(n, np.float32)
    samp_w = np.ones(n, np.float32)
    for src in sorted(set(source)):
        sel = source == src
        ns = sel.sum()
        n_mal = (sel & (labels == "malignant")).sum()
        n_ben = (sel & (labels == "benign")).sum()
        n_nor = (sel & (labels == "normal")).sum()
        mal_w[sel & (labels == "malignant")] = 0.5 * ns / max(1, n_mal)
        if n_nor:
            # negatives for malignancy: benign, and normal with a smaller share
            mal_w[sel & (labels == "benign")] = 0.5 * ns / max(1, n_ben) * 0.8
            mal_w[sel & (labels == "normal")] = 0.5 * ns / max(1, n_nor) * 0.2
            les_w[sel & (labels == "normal")] = 0.5 * ns / n_nor
            les_w[sel & (labels != "normal")] = 0.5 * ns / (ns - n_nor)
        else:
            mal_w[sel & (labels == "benign")] = 0.5 * ns / max(1, n_ben)
        # sampling: oversample rarer classes moderately (1/sqrt(count)) on top of the loss weights
        for lab in set(labels[sel]):
            cnt = (sel & (labels == lab)).sum()
            samp_w[sel & (labels == lab)] = 1.0 / math.sqrt(cnt)
    mal_w = torch.from_numpy(mal_w)
    les_w = torch.from_numpy(les_w)
    samp_w = torch.from_numpy(samp_w)
    # images with masks carry the only localisation signal: sample them a bit more often
    samp_w = samp_w * (1 + 0.5 * tr["has_mask"])
    samp_w = samp_w / samp_w.sum()

    steps_per_epoch = math.ceil(n / args.batch)
    total = steps_per_epoch * args.epochs
    backbone = [p for n_, p in model.named_parameters() if p.requires_grad and n_.startswith(("s4", "s8", "s16", "s32"))]
    heads = [p for n_, p in model.named_parameters() if p.requires_grad and not n_.startswith(("s4", "s8", "s16", "s32"))]
    # a pretrained backbone learns slower than the fresh heads (PreReadNet's `stem` is fresh: same lr)
    bb_lr = args.backbone_lr_mult if args.backbone == "mobilenetv2" else 1.0
    opt = torch.optim.AdamW([{"params": backbone, "mult": bb_lr}, {"params": heads, "mult": 1.0}], lr=args.lr, weight_decay=args.wd)
    warm = steps_per_epoch * 2

    def progress(s):
        """Share of the schedule done: by steps, or by the time budget when that runs out first, so a run on a
        busy machine still anneals to the end instead of stopping at a high learning rate."""
        by_steps = (s - warm) / max(1, total - warm)
        if not args.max_minutes:
            return by_steps
        return max(by_steps, (time.time() - t_anneal) / max(1.0, args.max_minutes * 60 - (t_anneal - t0)))

    def lr_at(s):
        if s < warm:
            return args.lr * (s + 1) / warm
        return args.lr * 0.5 * (1 + math.cos(math.pi * min(1.0, progress(s))))

    step = 0
    t0 = time.time()
    t_anneal = t0  # set when the warm-up ends
    ewrap = ExportWrapper(ema, tta=False)
    for ep in range(args.epochs):
        model.train()
        idx = torch.multinomial(samp_w, n, replacement=True, generator=gen)
        tot_l = {"mal": 0.0, "les": 0.0, "hm": 0.0, "box": 0.0}
        for bi in range(steps_per_epoch):
            b = idx[bi * args.batch:(bi + 1) * args.batch]
            x, m = augment(tr["img"][b].float(), tr["mask"][b].float(), gen, args.aug)
            mal_t, les_t = tr["malignant"][b], tr["lesion"][b]
            has_m = tr["has_mask"][b]
            if step == warm:
                t_anneal = time.time()
            for g in opt.param_groups:
                g["lr"] = lr_at(step) * g["mult"]
            mal, les, box, hm = model(x)
            # label smoothing for the small, noisy labels
            ls = args.smooth
            l_mal = (F.binary_cross_entropy_with_logits(mal[:, 0], mal_t * (1 - ls) + 0.5 * ls, reduction="none") * mal_w[b]).mean()
            l_les = (F.binary_cross_entropy_with_logits(les[:, 0], les_t * (1 - ls) + 0.5 * ls, reduction="none") * les_w[b]).mean()
            tgt = F.avg_pool2d(m, IMG // HM)
            l_hm_px = F.binary_cross_entropy_with_logits(hm, tgt, reduction="none").mean((1, 2, 3))
            ph = torch.sigmoid(hm)
            dice = 1 - (2 * (ph * tgt).sum((1, 2, 3)) + 1) / (ph.sum((1, 2, 3)) + tgt.sum((1, 2, 3)) + 1)
            dice = dice * les_t  # dice only where a lesion exists (empty maps: BCE only)
            l_hm = ((l_hm_px + 0.5 * dice) * has_m).sum() / has_m.sum().clamp(min=1)
            gt_box, valid = boxes_from_masks(m)
            valid = (valid & (has_m > 0.5) & (les_t > 0.5)).float()
            pb = torch.sigmoid(box)
            l_box_i = F.l1_loss(pb, gt_box, reduction="none").sum(1) + giou_loss(pb, gt_box)
            l_box = (l_box_i * valid).sum() / valid.sum().clamp(min=1)
            loss = l_mal + args.w_les * l_les + args.w_hm * l_hm + args.w_box * l_box
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            step += 1
            with torch.no_grad():
                d = min(args.ema, (1 + step) / (10 + step))
                for pe, pm in zip(ema.state_dict().values(), model.state_dict().values()):
                    if pe.dtype.is_floating_point:
                        pe.mul_(d).add_(pm.detach(), alpha=1 - d)
                    else:
                        pe.copy_(pm)
            tot_l["mal"] += float(l_mal)
            tot_l["les"] += float(l_les)
            tot_l["hm"] += float(l_hm)
            tot_l["box"] += float(l_box)
        msg = " ".join(f"{k}={v / steps_per_epoch:.3f}" for k, v in tot_l.items())
        if (ep + 1) % args.eval_every == 0 or ep == args.epochs - 1:
            r = evaluate(ewrap, data["val"], args.region)
            extra = f" valAUC(b/m)={r['mal_auc_bm']:.3f}"
            if "lesion_auc" in r:
                extra += f" lesAUC={r['lesion_auc']:.3f}"
            if "box_iou" in r:
                extra += f" IoU={r['box_iou']:.3f}"
            if "heatmap_dice_lesions" in r:
                extra += f" dice={r['heatmap_dice_lesions']:.3f}"
            msg += extra
        log(f"ep {ep + 1}/{args.epochs} {time.time() - t0:.0f}s {msg}")
        if step > warm and progress(step) >= 1.0 and ep < args.epochs - 1:
            log("time budget reached: the schedule has annealed, stopping after this epoch")
            break
    return ema, nparams, time.time() - t0


def run_onnx(path, x, log):
    """Run the exported graph: onnx.reference (onnx>=1.13) or onnxruntime-node via verify_onnx.cjs."""
    try:
        from onnx.reference import ReferenceEvaluator
        import onnx
        return ReferenceEvaluator(onnx.load(path)).run(None, {"image": x})
    except ImportError:
        pass
    import shutil
    import subprocess
    import tempfile
    # the repository's Node (package "node"): the product's onnxruntime-node may need a newer one than the machine's
    repo_node = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "node_modules", ".bin", "node")
    node = repo_node if os.path.exists(repo_node) else shutil.which("node")
    if not node:
        return None
    tmp = tempfile.mkdtemp(prefix="oasis-onnx-verify-")
    x.astype(np.float32).tofile(os.path.join(tmp, "input.bin"))
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "verify_onnx.cjs")
    p = subprocess.run([node, script, path, tmp, str(x.shape[0])], capture_output=True, text=True)
    if p.returncode != 0:
        log("onnxruntime-node check unavailable: " + (p.stderr.strip().splitlines() or ["?"])[-1])
        return None
    log("onnxruntime-node: " + p.stdout.strip().replace("\n", " | "))
    n = x.shape[0]
    shapes = {"malignancy": (n, 1), "lesion": (n, 1), "box": (n, 4), "heatmap": (n, 1, HM, HM)}
    return [np.fromfile(os.path.join(tmp, k + ".bin"), np.float32).reshape(s) for k, s in shapes.items()]


def export_onnx(wrapper, path, data, log):
    dummy = torch.zeros(2, 1, IMG, IMG)
    kw = {}
    try:
        import inspect
        if "dynamo" in inspect.signature(torch.onnx.export).parameters:
            kw["dynamo"] = False
    except Exception:
        pass
    torch.onnx.export(
        wrapper, (dummy,), path, input_names=["image"],
        output_names=["malignancy", "lesion", "box", "heatmap"],
        dynamic_axes={"image": {0: "N"}, "malignancy": {0: "N"}, "lesion": {0: "N"}, "box": {0: "N"}, "heatmap": {0: "N"}},
        opset_version=17, do_constant_folding=True, **kw,
    )
    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    log(f"onnx ok: {os.path.getsize(path) / 1e6:.2f} MB, opset {m.opset_import[0].version}")
    # compare with torch on a few real validation images (written to a temp dir, never into the repo)
    x = data["val"]["img"][:4].float()
    with torch.no_grad():
        ref = [t.numpy() for t in wrapper(x)]
    got = run_onnx(path, x.numpy(), log)
    names = ["malignancy", "lesion", "box", "heatmap"]
    maxdiff = {}
    if got is None:
        log("WARNING: no ONNX runtime available to compare outputs (install onnx>=1.13 or onnxruntime-node)")
        return wrapper, None
    for nme, a, b2 in zip(names, ref, got):
        assert tuple(a.shape) == tuple(b2.shape), (nme, a.shape, b2.shape)
        maxdiff[nme] = float(np.abs(a - b2).max())
    log(f"onnx vs torch max abs diff: {maxdiff}")
    assert max(maxdiff.values()) < 1e-3, maxdiff
    return wrapper, maxdiff


DATASET_INFO = {
    "busi": ("BUSI - Breast Ultrasound Images Dataset (Baheya Hospital, Cairo; 2018), derived compact copy",
             "Al-Dhabyani W, Gomaa M, Khaled H, Fahmy A. Dataset of breast ultrasound images. Data in Brief 28 (2020) 104863. doi:10.1016/j.dib.2019.104863",
             "Open dataset with the open-access (CC BY 4.0) Data in Brief article; no separate licence stated (Kaggle mirror: CC0). Cite the article.",
             "normal / benign / malignant from the source's diagnosis; images squashed to 256x256 by the mirror; no patient ids (near-duplicate groups)."),
    "busbra": ("BUS-BRA (Brazil; GE Logiq 5/7, Toshiba Aplio 300, U-Systems), official patient folds 1-3 train, 4 val",
               "Gomez-Flores W, Gregorio-Calas MJ, Coelho de Albuquerque Pereira W. BUS-BRA: A breast ultrasound dataset for assessing computer-aided diagnosis systems. Medical Physics 51(4):3110-3123, 2024. doi:10.1002/mp.16812",
               "Dataset LICENSE.txt: use, copy, modify and distribute on condition of citing the article.",
               "biopsy-proven benign / malignant; a mask for every image; burned-in text and calipers in many images."),
    "bus_uc": ("BUS_UC - Breast Ultrasound Cancer dataset (site and scanner undocumented)",
               "Iqbal A, Sharif M. BUS_UC: Breast Ultrasound Cancer dataset. Mendeley Data, doi:10.17632/3ksd7w7jkx.1",
               "Licence not stated in the copy used (Mendeley Data is normally CC BY 4.0, not verified). Cite it.",
               "benign / malignant from the dataset's folders; masks; resized to 256x256 by the authors; calipers in many images."),
    "ddti": ("DDTI - Digital Database of Thyroid Images (Universidad Nacional de Colombia / CIM@LAB and IDIME, Bogota), derived compact copy",
             "Pedraza L, Vargas C, Narvaez F, Duran O, Munoz E, Romero E. An open access thyroid ultrasound image database. Proc. SPIE 9287, 92870W (2015). doi:10.1117/12.2073532",
             "Open access database for research; no explicit licence text found. Research use with citation until confirmed with the authors.",
             "TI-RADS PROXY, NOT PATHOLOGY: TI-RADS 2-3 -> benign, 4a/4b/4c/5 -> 'malignant' (suspicious TR4-5); tight nodule crops resized to squares."),
}


def subset(split, idx):
    idx_t = torch.as_tensor(idx)
    return {k: (v[idx_t] if torch.is_tensor(v) else [v[i] for i in idx]) for k, v in split.items()}


@torch.no_grad()
def raw_logits(net, img, bs=32):
    """Malignancy logits of the image and of its horizontal flip (the two views the exported graph averages)."""
    net.eval()
    a, b = [], []
    for i in range(0, img.shape[0], bs):
        x = img[i:i + bs].float()
        a.append(net(x)[0][:, 0])
        b.append(net(torch.flip(x, [3]))[0][:, 0])
    return torch.cat(a).numpy(), torch.cat(b).numpy()


def tta_prob(l1, l2, t, clamp, b=0.0):
    sig = lambda v: 1 / (1 + np.exp(-(v / t + b)))
    return np.clip(0.5 * (sig(l1) + sig(l2)), clamp, 1 - clamp)


def ece(p, y, bins=10):
    """Expected calibration error: |mean predicted - observed rate| per equal-width bin, weighted by bin size."""
    p, y = np.asarray(p, float), np.asarray(y, float)
    idx = np.minimum((p * bins).astype(int), bins - 1)
    return float(sum(abs(p[idx == k].mean() - y[idx == k].mean()) * (idx == k).sum() for k in range(bins) if (idx == k).any()) / len(p))


def fit_calibration(l1, l2, y, clamp):
    """Temperature and offset (Platt scaling on the logit) minimising the negative log-likelihood on val; a grid
    search, since there are two parameters and little data. Temperature alone cannot undo the shift that
    class-weighted training gives every logit."""
    best = (float("inf"), 1.0, 0.0)
    for t in np.exp(np.linspace(np.log(0.25), np.log(20.0), 160)):
        for b in np.linspace(-3.0, 3.0, 121):
            p = tta_prob(l1, l2, t, clamp, b)
            nll = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
            best = min(best, (nll, float(t), float(b)))
    return best[1], best[2]


def sensitivity_threshold(scores, labels, min_sens):
    """The highest threshold (so the best specificity) whose sensitivity is still >= min_sens: a pre-read
    that misses cancers is worse than one that sends a benign lesion to a specialist."""
    scores, labels = np.asarray(scores, float), np.asarray(labels, int)
    pos = np.sort(scores[labels == 1])[::-1]
    k = int(math.ceil(min_sens * len(pos)))  # at least k positives must score >= t
    kth = pos[k - 1]
    below = scores[scores < kth]
    t = 0.5 * (kth + below.max()) if below.size else kth
    return float(t)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--region", required=True, choices=["breast", "thyroid"])
    ap.add_argument("--data", required=True, nargs="+", help="dataset folders of this region, pooled")
    ap.add_argument("--out", required=True)
    ap.add_argument("--version", default="2.0.0")
    ap.add_argument("--backbone", default="mobilenetv2", choices=["mobilenetv2", "small"])
    ap.add_argument("--weights", default="/work/shared/weights/mobilenet_v2_nsfwjs/mobilenet_v2_features.pt")
    ap.add_argument("--size", type=int, default=160, help="backbone input side (resized inside the graph)")
    ap.add_argument("--freeze", type=int, default=2, help="first MobileNetV2 blocks kept frozen")
    ap.add_argument("--backbone-lr-mult", dest="backbone_lr_mult", type=float, default=0.3)
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--wd", type=float, default=1e-3)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--smooth", type=float, default=0.05)
    ap.add_argument("--aug", type=float, default=1.0)
    ap.add_argument("--ema", type=float, default=0.99)
    ap.add_argument("--w-les", dest="w_les", type=float, default=0.5)
    ap.add_argument("--w-hm", dest="w_hm", type=float, default=1.0)
    ap.add_argument("--w-box", dest="w_box", type=float, default=1.0)
    ap.add_argument("--width", type=int, nargs=5, default=[16, 32, 48, 96, 160], help="small backbone widths")
    ap.add_argument("--min-sensitivity", dest="min_sensitivity", type=float, default=0.92)
    ap.add_argument("--clamp", type=float, default=0.01, help="malignancy probability kept in [c, 1-c]")
    ap.add_argument("--seed", type=int, default=20240517)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--eval-every", dest="eval_every", type=int, default=2)
    ap.add_argument("--max-minutes", dest="max_minutes", type=float, default=45.0)
    ap.add_argument("--no-export", dest="no_export", action="store_true")
    args = ap.parse_args()
    if args.epochs is None:
        args.epochs = 14 if args.region == "breast" else 30
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    os.makedirs(args.out, exist_ok=True)
    logf = open(os.path.join(args.out, "train-log.txt"), "w")

    def log(s):
        print(s, flush=True)
        logf.write(s + "\n")
        logf.flush()

    log(f"args: {vars(args)}  torch {torch.__version__}")
    data = load_pooled(args.data, args.region)
    for s in ("train", "val"):
        for src in sorted(set(data[s]["source"])):
            labs = [l for l, s_ in zip(data[s]["labels"], data[s]["source"]) if s_ == src]
            log(f"{s} {src}: n={len(labs)} " + " ".join(f"{k}={labs.count(k)}" for k in sorted(set(labs))))
    net, nparams, secs = train(args, data, log)
    net.eval()

    # ---- calibration and threshold on the pooled val split (benign vs malignant only) ----
    val = data["val"]
    labels = np.array(val["labels"])
    sources = np.array(val["source"])
    bm = labels != "normal"
    y = (labels[bm] == "malignant").astype(int)
    l1, l2 = raw_logits(net, val["img"])
    temp, bias = fit_calibration(l1[bm], l2[bm], y, args.clamp)
    p_raw, p_cal = tta_prob(l1[bm], l2[bm], 1.0, args.clamp), tta_prob(l1[bm], l2[bm], temp, args.clamp, bias)
    calib = {"temperature": round(temp, 4), "bias": round(bias, 4), "eceBefore": round(ece(p_raw, y), 4), "eceAfter": round(ece(p_cal, y), 4),
             "bins": 10, "fittedOn": "pooled val split, benign vs malignant, negative log-likelihood of sigmoid(logit / temperature + bias)"}
    log(f"calibration: {calib}")
    wrapper = ExportWrapper(net, tta=True, temperature=temp, bias=bias, clamp=args.clamp).eval()
    r = evaluate(wrapper, val, args.region)
    thr = sensitivity_threshold(r["mal_scores"][bm], y, args.min_sensitivity)
    m_bm = binary_metrics(r["mal_scores"][bm], y, thr)
    log(f"VAL pooled benign-vs-malignant @thr={thr:.4f}: {m_bm}")
    per_site = {}
    for src in sorted(set(sources)):
        idx = np.nonzero(sources == src)[0]
        rs = evaluate(wrapper, subset(val, idx), args.region)
        lab = labels[idx]
        sb = lab != "normal"
        ms = binary_metrics(rs["mal_scores"][sb], (lab[sb] == "malignant").astype(int), thr)
        per_site[src] = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in ms.items()}
        # a site without normal images has no lesion-presence AUC (NaN is not JSON)
        per_site[src].update({k: round(rs[k], 4) for k in ("box_iou", "lesion_auc", "heatmap_dice_lesions") if k in rs and not math.isnan(rs[k])})
        log(f"VAL {src}: {per_site[src]}")

    if args.no_export:
        return
    path = os.path.join(args.out, "model.onnx")
    _, maxdiff = export_onnx(wrapper, path, data, log)
    torch.save(net.state_dict(), os.path.join("/tmp", f"oasis-{args.region}.pt"))
    x1 = torch.rand(1, 1, IMG, IMG) * 255
    with torch.no_grad():
        wrapper(x1)
        t = time.time()
        for _ in range(5):
            wrapper(x1)
        lat = (time.time() - t) / 5 * 1000
    log(f"torch CPU latency single image ({args.threads} threads, flip TTA): {lat:.1f} ms")
    write_card(args, data, nparams, secs, thr, m_bm, per_site, calib, maxdiff, lat)


def write_card(args, data, nparams, secs, thr, m_bm, per_site, calib, maxdiff, lat):
    def counts(split):
        out = {}
        for src, lab in zip(data[split]["source"], data[split]["labels"]):
            out.setdefault(src, {}).setdefault(lab, 0)
            out[src][lab] += 1
        return {src: dict(sorted(c.items())) | {"total": sum(c.values())} for src, c in sorted(out.items())}

    names = sorted(set(data["train"]["source"]))
    td = {
        "dataset": " + ".join(DATASET_INFO[n][0] if n in DATASET_INFO else n for n in names),
        "datasets": [{"name": n, "description": DATASET_INFO[n][0], "citation": DATASET_INFO[n][1], "licence": DATASET_INFO[n][2],
                      "labels": DATASET_INFO[n][3]} for n in names if n in DATASET_INFO],
        "labels": ("Pooled: benign / malignant (+ BUSI normal). BUS-BRA is biopsy-proven; BUSI and BUS_UC labels are the sources' diagnoses, not re-verified."
                   if args.region == "breast" else DATASET_INFO["ddti"][3]),
        "splitCounts": {"train": counts("train"), "val": counts("val")},
        "caveats": ([
            "Three sites (Cairo; Brazil, four scanner models; one undocumented site) - not the scanners of the clinics that will use it.",
            "Only BUSI has normal images (89 train): the lesion-presence output has seen few normals.",
            "BUSI and BUS_UC have no patient ids: near-duplicate grouping only.",
            "Held-out test splits were not used for training, hyper-parameters, calibration or the threshold.",
        ] if args.region == "breast" else [
            "Label is a radiologist's TI-RADS category, not cytology/histology: 'malignant' means suspicious (TR4-5). Not pathology-level accuracy.",
            "Crops are tight around the nodule and resized to squares: performance on full frames is unknown.",
            "Benign is the minority (46 train / 9 val): the val AUC rests on 9 benign images and its interval is very wide.",
            "Every training image contains a nodule: the `lesion` output is not informative for this region.",
            "Held-out test split was not used for training, calibration or the threshold.",
        ]),
    }
    arch = ("MobileNetV2 (torchvision layout, batch-norm eps 1e-3, Keras stride-2 padding) initialised from ../shared/weights/mobilenet_v2_nsfwjs: "
            "an ImageNet-initialised MobileNetV2 that nsfwjs (MIT) fine-tuned on a 5-class natural-photo task, dequantised from uint8 TF.js weights - "
            "an ImageNet-derived starting point, not clean ImageNet weights. Fine-tuned end to end except the first "
            f"{args.freeze} blocks; the graph resizes the 256x256 input to {args.size}x{args.size} inside. "
            "A small FPN decodes a 64x64 lesion heatmap (trained on the masks), a mean+max pooled head gives the malignancy and lesion logits, "
            "a box head refines a box derived from the heatmap's centre and spread."
            if args.backbone == "mobilenetv2" else
            "Compact residual CNN trained from scratch (widths " + ",".join(map(str, args.width)) + ") with the same heads.")
    arch += (" The exported graph divides the malignancy logit by the fitted temperature and adds the fitted offset, averages the image with its horizontal flip, "
             f"and keeps the probability in [{args.clamp}, {1 - args.clamp}].")
    region = args.region
    card = {
        "name": f"oasis-{region}-ultrasound-preread",
        "region": region,
        "version": args.version,
        "created": datetime.date.today().isoformat(),
        "intendedUse": ("Adjunct second opinion only: an automated pre-read that flags a B-mode ultrasound image of the "
                        f"{region} for clinician review with a malignancy-suspicion score, lesion presence score, lesion box and heatmap. "
                        "It is not a diagnosis, must not be used to rule out disease or to replace biopsy/cytology or a qualified reader, "
                        "and every output must be reviewed by a clinician."),
        "exclusions": [
            "Doppler, colour/power Doppler or elastography overlays; any non-B-mode image",
            "Paediatric patients",
            "Images from scanners/centres unseen in training (performance unknown until validated there)",
            "Cine loops / video, 3D volumes",
            "Other body regions than the model's region" + (" (thyroid images for the breast model)" if region == "breast" else " (breast images for the thyroid model)"),
        ] + (["Full-frame thyroid images with wide field of view (model trained on tight nodule crops)"] if region == "thyroid" else []),
        "trainingData": td,
        "inputs": [{
            "name": "image", "shape": ["N", 1, 256, 256], "dtype": "float32",
            "preprocessing": ("Decode to 8-bit grayscale, resize the whole image to 256x256 with bilinear interpolation "
                              "(squashed, no letterbox, no crop), copy the raw pixel values 0..255 into float32. "
                              "All normalisation happens inside the ONNX graph. Dynamic batch axis N."),
        }],
        "outputs": [
            {"name": "malignancy", "shape": ["N", 1], "dtype": "float32",
             "meaning": "Calibrated probability (temperature and offset fitted on val) that the lesion is malignant" + (" (TI-RADS 4-5 'suspicious' proxy)" if region == "thyroid" else "") + f", kept in [{args.clamp}, {1 - args.clamp}]. Compare with operatingThreshold.value, not with 0.5."},
            {"name": "lesion", "shape": ["N", 1], "dtype": "float32",
             "meaning": ("Probability that a lesion is present (learned from BUSI normal vs benign/malignant)." if region == "breast"
                         else "Probability that a lesion is present. Trained positive on every image (DDTI has only nodule crops): ~1 always, not informative.")},
            {"name": "box", "shape": ["N", 4], "dtype": "float32",
             "meaning": "Lesion box [x, y, w, h] normalised to the 256x256 input (x,y = top-left corner), each in 0..1. x+w may slightly exceed 1: clip when drawing."},
            {"name": "heatmap", "shape": ["N", 1, 64, 64], "dtype": "float32",
             "meaning": "Per-cell lesion probability on a 64x64 grid over the input; cell (i,j) covers input pixels [4i,4i+4) x [4j,4j+4)."},
        ],
        "operatingThreshold": {
            "value": round(thr, 6),
            "appliesTo": "malignancy",
            "howChosen": (f"The highest threshold whose sensitivity for benign vs malignant on the pooled val splits ({', '.join(names)}) is still >= "
                          f"{args.min_sensitivity} (so the best specificity at that sensitivity), on the calibrated probability. Chosen on val only."),
        },
        "releaseGate": {
            "rule": "auc.ci95[0] >= minimum on the val split of every site listed",
            "metric": "auc.ci95.low",
            "minimum": 0.80,
            "sites": names,
            "split": "val",
        },
        "architecture": {
            "backbone": args.backbone,
            "description": arch,
            "params": nparams,
            "framework": f"PyTorch {torch.__version__} -> ONNX opset 17",
            "trainingScript": "models/training/train.py",
            "trainingSeconds": round(secs, 1),
            "seed": args.seed,
            "hyperparameters": {k: v for k, v in vars(args).items() if k not in ("out", "no_export")},
            "cpuLatencyMsSingleImageTorch": round(lat, 1),
        },
        "calibration": calib,
        "metrics": {
            "pythonValidation": {
                "source": "models/training/train.py at training time on the val splits (the same splits used for calibration and the threshold: optimistic). The official figures with intervals are metrics.validation / metrics.validationBySite from npm run models:eval.",
                "pooled": {k: (round(v, 4) if isinstance(v, float) else v) for k, v in m_bm.items()},
                "bySite": per_site,
                "onnxVsTorchMaxAbsDiff": maxdiff,
            }
        },
    }
    with open(os.path.join(args.out, "model-card.json"), "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
