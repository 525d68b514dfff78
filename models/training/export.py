"""ONNX export with its checks against PyTorch, and the model card."""

import datetime
import json
import os

import numpy as np
import torch

from data import DATASET_INFO, HM, IMG
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
