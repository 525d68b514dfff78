// Runs an exported model with onnxruntime-node (the product's runtime) for train.py's export check.
// usage: node verify_onnx.cjs MODEL.onnx DIR N   (reads DIR/input.bin float32 [N,1,256,256], writes DIR/<output>.bin)
// onnxruntime-node is resolved normally or through NODE_PATH (e.g. NODE_PATH=/path/to/node_modules).
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');
(async () => {
  const [model, dir, nStr] = process.argv.slice(2);
  const n = Number(nStr);
  const buf = fs.readFileSync(path.join(dir, 'input.bin'));
  const x = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const s = await ort.InferenceSession.create(model);
  const r = await s.run({ image: new ort.Tensor('float32', x, [n, 1, 256, 256]) });
  for (const k of ['malignancy', 'lesion', 'box', 'heatmap']) {
    fs.writeFileSync(path.join(dir, k + '.bin'), Buffer.from(r[k].data.buffer, r[k].data.byteOffset, r[k].data.byteLength));
    console.log(k, JSON.stringify(r[k].dims));
  }
})().catch((e) => { console.error(String(e)); process.exit(1); });
