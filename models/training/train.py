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
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import HM, IMG, augment, boxes_from_masks, load_pooled, subset  # noqa: E402
from nets import ExportWrapper, build_model  # noqa: E402
from metrics import auc, binary_metrics, box_iou, giou_loss  # noqa: E402
from calibration import ece, fit_calibration, sensitivity_threshold, tta_prob  # noqa: E402
from export import export_onnx, write_card  # noqa: E402


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


if __name__ == "__main__":
    main()
