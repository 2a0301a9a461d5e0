// Heat maps and points on canvases. Values in [-1, 1] go from orange through grey to blue, as in
// the TensorFlow Playground; 3 or 4 classes mix their colours by probability.

export const DOMAIN = 6;
export const CLASS_COLORS = ['#f59322', '#0877bd', '#2ca25f', '#8856a7'];
const NEGATIVE = [245, 147, 34];
const NEUTRAL = [232, 234, 235];
const POSITIVE = [8, 119, 189];
const CLASS_RGB = CLASS_COLORS.map(hex => [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16)));

function mix(a, b, t) {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** The colour of a value, clamped to [-1, 1]. */
export function valueColor(v) {
  const c = Math.max(-1, Math.min(1, v));
  return c < 0 ? mix(NEUTRAL, NEGATIVE, -c) : mix(NEUTRAL, POSITIVE, c);
}

export function css(rgb, alpha = 1) {
  return `rgba(${Math.round(rgb[0])},${Math.round(rgb[1])},${Math.round(rgb[2])},${alpha})`;
}

/** A map the server sent: base64 of signed bytes, value * 127. */
export function decode(base64) {
  const text = atob(base64);
  const bytes = new Int8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function paint(canvas, n, colorAt) {
  if (canvas.width !== n) { canvas.width = n; canvas.height = n; }
  const context = canvas.getContext('2d');
  const image = context.createImageData(n, n);
  for (let i = 0; i < n * n; i++) {
    const rgb = colorAt(i);
    image.data.set([rgb[0], rgb[1], rgb[2], 255], i * 4);
  }
  context.putImageData(image, 0, 0);
}

/** One value map; discretized, each cell takes the colour of its sign. */
export function drawValueMap(canvas, bytes, n, discretize = false) {
  paint(canvas, n, i => {
    const v = bytes[i] / 127;
    return valueColor(discretize ? Math.sign(v) : v);
  });
}

/** Class probabilities, one map per class: the classes' colours mixed, greyer where the net is unsure. */
export function drawClassMap(canvas, maps, n, discretize = false) {
  const k = maps.length;
  paint(canvas, n, i => {
    let best = 0;
    let mixed = [0, 0, 0];
    let total = 0;
    for (let c = 0; c < k; c++) {
      const p = Math.max(0, maps[c][i] / 127);
      total += p;
      mixed = mixed.map((m, j) => m + p * CLASS_RGB[c][j]);
      if (p > maps[best][i] / 127) best = c;
    }
    if (discretize) return CLASS_RGB[best];
    const confidence = Math.max(0, (maps[best][i] / 127 - 1 / k) / (1 - 1 / k));
    return mix(NEUTRAL, mixed.map(m => m / (total || 1)), 0.25 + 0.75 * confidence);
  });
}

/** A function of (x1, x2) over the square, scaled by its largest magnitude: the input features' maps. */
export function drawFunctionMap(canvas, f, n) {
  const values = new Float32Array(n * n);
  let max = 0;
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      const x1 = -DOMAIN + (col + 0.5) * 2 * DOMAIN / n;
      const x2 = DOMAIN - (row + 0.5) * 2 * DOMAIN / n;
      values[row * n + col] = f(x1, x2);
      max = Math.max(max, Math.abs(values[row * n + col]));
    }
  }
  paint(canvas, n, i => valueColor(values[i] / (max || 1)));
}

/** The colour of a point's label: its class, or its value for regression. */
export function labelColor(label, classes) {
  return classes >= 2 ? CLASS_COLORS[label] : css(valueColor(label));
}

/** Points [x1, x2, label] over the square; test points, if given, get a dark outline. */
export function drawPoints(canvas, train, test, classes, radius = 3) {
  const context = canvas.getContext('2d');
  context.clearRect(0, 0, canvas.width, canvas.height);
  const draw = (points, stroke) => {
    context.strokeStyle = stroke;
    context.lineWidth = 1;
    for (const [x1, x2, label] of points) {
      context.beginPath();
      context.arc((x1 + DOMAIN) / (2 * DOMAIN) * canvas.width, (DOMAIN - x2) / (2 * DOMAIN) * canvas.height,
        radius, 0, 2 * Math.PI);
      context.fillStyle = labelColor(label, classes);
      context.fill();
      context.stroke();
    }
  };
  draw(train, 'white');
  if (test) draw(test, 'black');
}
