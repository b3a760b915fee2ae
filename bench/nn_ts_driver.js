// Times TensorFlow Playground's own engine (nn.ts compiled to nn.js, not part of this repository)
// on the networks bench_engine.py trains: epochs/s of forwardProp + backProp + updateWeights over
// 250 training points, an update every `batch` points, as the Playground's oneStep() trains.
//
// Run: node bench/nn_ts_driver.js DIR SECONDS   (DIR holds nn.js) → one JSON line per case.
"use strict";
const path = require("path");

const [dir, seconds] = [process.argv[2], Number(process.argv[3] || 2)];
const nn = require(path.resolve(dir, "nn.js"));

// the Playground's feature functions, by the names the MLP page uses
const FEATURES = {
  x1: (x, y) => x, x2: (x, y) => y, "x1^2": (x, y) => x * x, "x2^2": (x, y) => y * y,
  "x1*x2": (x, y) => x * y, sin_x1: (x, y) => Math.sin(x), sin_x2: (x, y) => Math.sin(y),
};
const NETWORKS = {
  default: { features: ["x1", "x2"], hidden: [4, 2] },
  largest: { features: Object.keys(FEATURES), hidden: [8, 8, 8, 8, 8, 8] },
};

function points(n, seed) {
  // a circle data set like the Playground's (label +1 inside radius 3, −1 outside), from a small LCG
  let s = seed;
  const rand = () => ((s = (s * 1664525 + 1013904223) % 4294967296) / 4294967296);
  return Array.from({ length: n }, () => {
    const x = 12 * rand() - 6, y = 12 * rand() - 6;
    return { x, y, label: Math.hypot(x, y) < 3 ? 1 : -1 };
  });
}

function epochsPerSecond(net, batch, lr) {
  const features = net.features.map((f) => FEATURES[f]);
  const network = nn.buildNetwork([features.length, ...net.hidden, 1], nn.Activations.TANH,
    nn.Activations.TANH, null, net.features, false);
  const data = points(250, 1).map((p) => ({ input: features.map((f) => f(p.x, p.y)), label: p.label }));
  const epoch = () => data.forEach((p, i) => {
    nn.forwardProp(network, p.input);
    nn.backProp(network, p.label, nn.Errors.SQUARE);
    if ((i + 1) % batch === 0) nn.updateWeights(network, lr, 0);
  });
  const warm = Date.now() + 300;
  while (Date.now() < warm) epoch();
  let epochs = 0;
  const t0 = process.hrtime.bigint();
  const end = t0 + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < end) {
    epoch();
    epochs += 1;
  }
  return epochs / (Number(process.hrtime.bigint() - t0) / 1e9);
}

for (const [name, net] of Object.entries(NETWORKS)) {
  for (const batch of [10, 1]) {
    console.log(JSON.stringify({ network: name, batch, epochs_per_s: epochsPerSecond(net, batch, 0.03) }));
  }
}
