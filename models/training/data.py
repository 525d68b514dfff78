"""Dataset folders of the pre-read models: decoding (cached in /tmp), pooling, mask boxes and the scanner-mimicking augmentation."""

import csv
import math
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
IMG = 256
HM = 64


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
