"""The pre-read networks (compact CNN and MobileNetV2 with heatmap, box and classification heads) and the graph that is exported."""

import torch
import torch.nn as nn
import torch.nn.functional as F

from data import HM, IMG


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
