// The loss curves and the per-layer gradient chart, drawn on canvases.

function prepare(canvas) {
  // Draw at the screen's pixel density so that lines stay sharp.
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || canvas.width;
  const height = canvas.clientHeight || canvas.height;
  if (canvas.width !== width * ratio) {
    canvas.width = width * ratio;
    canvas.height = height * ratio;
  }
  const context = canvas.getContext('2d');
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  return { context, width, height };
}

/** Train (grey) and test (black) loss against the epoch, as in the original. */
export function drawLossChart(canvas, history) {
  const { context, width, height } = prepare(canvas);
  const finite = history.flatMap(([, train, test]) => [train, test]).filter(v => Number.isFinite(v));
  if (history.length < 2 || finite.length === 0) return;
  const maxY = Math.max(...finite) || 1;
  const first = history[0][0];
  const last = history[history.length - 1][0];
  const x = epoch => (last === first ? 0 : (epoch - first) / (last - first)) * (width - 2) + 1;
  const y = v => height - 2 - Math.min(1, v / maxY) * (height - 4);
  for (const [index, color] of [[1, '#777'], [2, 'black']]) {
    context.beginPath();
    context.strokeStyle = color;
    context.lineWidth = 1.5;
    let started = false;
    for (const point of history) {
      if (!Number.isFinite(point[index])) { started = false; continue; }
      if (started) context.lineTo(x(point[0]), y(point[index]));
      else context.moveTo(x(point[0]), y(point[index]));
      started = true;
    }
    context.stroke();
  }
}

function exponent(v) {
  return v > 0 ? Math.log10(v) : -Infinity;
}

/** One bar per layer on a log scale of mean |∂loss/∂W|; the value above each bar. */
export function drawGradientChart(canvas, gradients) {
  const { context, width, height } = prepare(canvas);
  if (!gradients || gradients.length === 0) return;
  const logs = gradients.map(exponent).filter(Number.isFinite);
  const low = Math.min(-6, Math.floor(Math.min(...logs, 0)));
  const high = Math.max(1, Math.ceil(Math.max(...logs, 0)));
  const left = 34, bottom = 16, top = 12;
  const y = e => top + (high - e) / (high - low) * (height - top - bottom);
  context.font = '10px sans-serif';
  context.fillStyle = '#777';
  context.strokeStyle = '#e4e4e4';
  context.lineWidth = 1;
  const step = Math.max(1, Math.round((high - low) / 5));
  for (let e = high; e >= low; e -= step) {
    context.beginPath();
    context.moveTo(left, y(e));
    context.lineTo(width, y(e));
    context.stroke();
    context.fillText(`1e${e}`, 2, y(e) + 3);
  }
  const slot = (width - left) / gradients.length;
  gradients.forEach((g, i) => {
    const e = Number.isFinite(exponent(g)) ? exponent(g) : low;
    const x = left + i * slot + slot * 0.2;
    context.fillStyle = g > 10 ? '#c0392b' : '#0877bd';
    context.fillRect(x, y(e), slot * 0.6, y(low) - y(e));
    context.fillStyle = '#333';
    const label = g === null ? 'NaN' : g.toExponential(1);
    context.fillText(label, x, Math.max(top - 2, y(e) - 3));
    context.fillStyle = '#777';
    context.fillText(i === gradients.length - 1 ? 'out' : `${i + 1}`, x + slot * 0.2, height - 3);
  });
}
