// The network as the original draws it: input features on the left, the hidden layers, the
// output node on the right; each node shows its heat map and each link its weight, blue for
// positive, orange for negative, thicker for larger.

import { FEATURES } from './state.js';
import { css, decode, drawFunctionMap, drawValueMap, valueColor } from './heatmap.js';

const NODE = 36;
const ROW = 48;
const TOP = 44;
const SVG = 'http://www.w3.org/2000/svg';

export class NetworkView {
  constructor(container, actions) {
    this.container = container;
    this.actions = actions;
    this.links = [];
    this.neuronCanvases = [];
    this.outputCanvases = [];
  }

  /** Lays the network out anew for {@code state}, with {@code outputs} output nodes. */
  build(state, outputs, maxNeurons) {
    const box = this.container;
    box.replaceChildren();
    const shape = state.networkShape;
    const width = box.clientWidth || 560;
    const rows = Math.max(FEATURES.length, ...shape, outputs);
    box.style.height = `${TOP + rows * ROW}px`;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('width', width);
    svg.setAttribute('height', TOP + rows * ROW);
    box.append(svg);

    const firstX = 50;
    const lastX = width - NODE - 10;
    const columnX = l => firstX + (l + 1) * (lastX - firstX) / (shape.length + 1);
    const nodeY = i => TOP + i * ROW;

    // Inputs: every feature, the unused ones faded; a click turns one on or off.
    const sources = [];
    FEATURES.forEach((feature, i) => {
      const node = this.node(firstX, nodeY(i), `feature feature-${feature.key}` + (state[feature.key] ? '' : ' inactive'));
      node.title = 'Click to turn this feature on or off';
      node.addEventListener('click', () => this.actions.toggleFeature(feature.key));
      const label = document.createElement('span');
      label.className = 'feature-label';
      label.innerHTML = feature.label;
      node.append(label);
      drawFunctionMap(node.querySelector('canvas'), feature.f, 25);
      if (state[feature.key]) sources.push([firstX, nodeY(i)]);
    });

    this.links = [];
    this.neuronCanvases = [];
    let previous = sources;
    shape.forEach((size, l) => {
      const x = columnX(l);
      this.layerControls(x, l, size, maxNeurons);
      const nodes = [];
      const canvases = [];
      for (let i = 0; i < size; i++) {
        const node = this.node(x, nodeY(i), 'neuron');
        node.title = `Layer ${l + 1}, neuron ${i + 1}`;
        canvases.push(node.querySelector('canvas'));
        nodes.push([x, nodeY(i)]);
      }
      this.links.push(this.connect(svg, previous, nodes));
      this.neuronCanvases.push(canvases);
      previous = nodes;
    });
    const outputNodes = [];
    this.outputCanvases = [];
    for (let k = 0; k < outputs; k++) {
      const node = this.node(lastX, nodeY(k), 'output-node');
      node.title = outputs > 1 ? `Probability of class ${k}` : 'Output';
      this.outputCanvases.push(node.querySelector('canvas'));
      outputNodes.push([lastX, nodeY(k)]);
    }
    this.links.push(this.connect(svg, previous, outputNodes));
  }

  node(x, y, className) {
    const node = document.createElement('div');
    node.className = `node ${className}`;
    node.style.left = `${x}px`;
    node.style.top = `${y}px`;
    const canvas = document.createElement('canvas');
    canvas.width = 25;
    canvas.height = 25;
    node.append(canvas);
    this.container.append(node);
    return node;
  }

  layerControls(x, layer, size, maxNeurons) {
    const controls = document.createElement('div');
    controls.className = 'layer-controls';
    controls.style.left = `${x + NODE / 2}px`;
    const add = document.createElement('button');
    add.className = 'round tiny add-neuron';
    add.textContent = '+';
    add.title = 'Add a neuron';
    add.disabled = size >= maxNeurons;
    add.addEventListener('click', () => this.actions.addNeuron(layer));
    const remove = document.createElement('button');
    remove.className = 'round tiny remove-neuron';
    remove.innerHTML = '&minus;';
    remove.title = 'Remove a neuron';
    remove.disabled = size <= 1;
    remove.addEventListener('click', () => this.actions.removeNeuron(layer));
    const label = document.createElement('div');
    label.className = 'neuron-count';
    label.textContent = `${size} neuron${size === 1 ? '' : 's'}`;
    controls.append(add, remove, label);
    this.container.append(controls);
  }

  /** Curved links from every node of {@code from} to every node of {@code to}; returns them as [to][from]. */
  connect(svg, from, to) {
    return to.map(([x2, y2]) => from.map(([x1, y1]) => {
      const path = document.createElementNS(SVG, 'path');
      const sx = x1 + NODE, sy = y1 + NODE / 2, tx = x2, ty = y2 + NODE / 2, mx = (sx + tx) / 2;
      path.setAttribute('d', `M${sx},${sy} C${mx},${sy} ${mx},${ty} ${tx},${ty}`);
      path.setAttribute('class', 'link');
      svg.append(path);
      return path;
    }));
  }

  /** Draws a frame's neuron maps, output maps and weights into the laid-out network. */
  update(frame, discretize) {
    frame.neurons.forEach((layer, l) => layer.forEach((map, i) => {
      const canvas = this.neuronCanvases[l]?.[i];
      if (canvas) drawValueMap(canvas, decode(map), frame.neuronGrid);
    }));
    frame.output.forEach((map, k) => {
      const canvas = this.outputCanvases[k];
      if (canvas) drawValueMap(canvas, decode(map), frame.grid, discretize && frame.head !== 'softmax');
    });
    frame.weights.forEach((matrix, l) => matrix.forEach((row, j) => row.forEach((w, i) => {
      const path = this.links[l]?.[j]?.[i];
      if (!path) return;
      path.style.stroke = css(valueColor(w));
      path.style.strokeWidth = `${1 + 9 * Math.min(1, Math.abs(w) / 5)}`;
      path.setAttribute('data-weight', w);
    })));
  }
}
