// The playground page: controls, the session on the server, and drawing each frame it sends.

import { api } from './api.js';
import { drawGradientChart, drawLossChart } from './charts.js';
import { CLASS_COLORS, css, decode, drawClassMap, drawPoints, drawValueMap, valueColor } from './heatmap.js';
import { NetworkView } from './network.js';
import { State } from './state.js';

const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const REGULARIZATION_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const SLOPES = [0.01, 0.05, 0.1, 0.2, 0.3];
const DROPOUTS = [0, 0.1, 0.2, 0.3, 0.5];
const DATASETS = { classification: ['circle', 'xor', 'gauss', 'spiral'], regression: ['reg-plane', 'reg-gauss'] };
const ICONS = {
  play: '<svg viewBox="0 0 24 24"><path d="M8 5v14l11-7z"/></svg>',
  pause: '<svg viewBox="0 0 24 24"><path d="M6 5h4v14H6zM14 5h4v14h-4z"/></svg>',
};
const MAX_LAYERS = 6;
const MAX_NEURONS = 8;

const $ = id => document.getElementById(id);
let state = State.fromHash(location.hash);
let session = null;
let events = null;
let frame = null;
let points = { version: -1, train: [], test: [], classes: 2 };
let fetchingPoints = false;
let uploaded = false;
let requests = Promise.resolve();
const network = new NetworkView($('network'), {
  toggleFeature: key => { state[key] = !state[key]; changed(); },
  addNeuron: l => { if (state.networkShape[l] < MAX_NEURONS) { state.networkShape[l]++; changed(); } },
  removeNeuron: l => { if (state.networkShape[l] > 1) { state.networkShape[l]--; changed(); } },
});

function showMessage(text) {
  $('message').textContent = text || '';
  $('message').hidden = !text;
}

function fillSelect(id, values) {
  $(id).replaceChildren(...values.map(v => new Option(String(v), String(v))));
}

function outputs() {
  return state.problem === 'classification' && state.classes > 2 ? state.classes : 1;
}

/** Puts the state into the controls. */
function syncControls() {
  for (const id of ['learningRate', 'activation', 'regularization', 'regularizationRate', 'problem', 'optimizer',
    'leakySlope', 'dropout', 'classes', 'percTrainData', 'noise', 'batchSize']) {
    $(id).value = String(state[id]);
  }
  for (const id of ['batchNorm', 'showTestData', 'discretize']) $(id).checked = state[id];
  $('percTrainData-value').textContent = `${state.percTrainData}%`;
  $('noise-value').textContent = state.noise;
  $('batchSize-value').textContent = state.batchSize;
  $('num-layers').textContent = state.networkShape.length;
  $('layers-label').textContent = state.networkShape.length === 1 ? 'hidden layer' : 'hidden layers';
  $('add-layers').disabled = state.networkShape.length >= MAX_LAYERS;
  $('remove-layers').disabled = state.networkShape.length === 0;
  $('leakySlope').disabled = state.activation !== 'leaky-relu';
  $('classes').disabled = state.problem !== 'classification';
  document.querySelectorAll('.dataset').forEach(d => d.classList.toggle('selected', d.dataset.name === state.activeDataset()));
  drawLegend();
}

/** A setting changed: into the URL, the controls, the network drawing, and to the server in order. */
function changed({ rebuild = true, thumbnails = false } = {}) {
  history.replaceState(null, '', state.toHash());
  syncControls();
  if (thumbnails) drawThumbnails();
  if (rebuild) network.build(state, outputs(), MAX_NEURONS);
  if (frame) render(frame);
  if (!session) return;
  const config = state.config();
  requests = requests.then(() => api.configure(session.id, config))
    .then(() => showMessage(''), error => showMessage(error.message));
}

function viewChanged() {
  history.replaceState(null, '', state.toHash());
  if (frame) render(frame);
  drawTrainingPoints();
}

async function drawThumbnails() {
  const list = $('datasets');
  const names = [...DATASETS[state.problem], ...(uploaded ? ['csv'] : [])];
  list.replaceChildren(...names.map(name => {
    const item = document.createElement('div');
    item.className = 'dataset';
    item.id = `dataset-${name}`;
    item.dataset.name = name;
    item.title = name;
    const canvas = document.createElement('canvas');
    canvas.width = 60;
    canvas.height = 60;
    item.append(canvas);
    item.addEventListener('click', () => {
      if (item.classList.contains('disabled')) return;
      if (state.problem === 'classification') state.dataset = name; else state.regDataset = name;
      changed();
    });
    return item;
  }));
  syncControls();
  for (const item of list.children) {
    const name = item.dataset.name;
    const canvas = item.querySelector('canvas');
    if (name === 'csv') {
      canvas.getContext('2d').fillText('CSV', 20, 34);
      continue;
    }
    try {
      const sample = await api.preview(name, state.problem === 'classification' ? state.classes : 2);
      drawPoints(canvas, sample, null, state.problem === 'classification' ? state.classes : 0, 1.5);
    } catch (error) {
      item.classList.add('disabled');
      item.title = error.message;
    }
  }
}

function drawLegend() {
  const legend = $('legend');
  if (state.problem === 'classification' && state.classes > 2) {
    legend.innerHTML = CLASS_COLORS.slice(0, state.classes)
      .map((c, k) => `<span class="swatch" style="background:${c}"></span>class ${k}`).join(' ');
  } else {
    const stops = [-1, -0.5, 0, 0.5, 1].map(v => css(valueColor(v))).join(',');
    legend.innerHTML = `<span>-1</span><span class="scale" style="background:linear-gradient(to right,${stops})"></span><span>1</span>`;
  }
}

function drawTrainingPoints() {
  drawPoints($('output-points'), points.train, state.showTestData ? points.test : null, points.classes);
}

async function refreshPoints() {
  if (fetchingPoints || !session) return;
  fetchingPoints = true;
  try {
    points = await api.points(session.id);
    drawTrainingPoints();
  } catch (error) {
    showMessage(error.message);
  } finally {
    fetchingPoints = false;
  }
}

function formatLoss(v) {
  return v === null ? 'NaN' : v.toFixed(3);
}

function render(f) {
  frame = f;
  $('epoch-number').textContent = String(f.epoch).padStart(6, '0').replace(/(\d{3})(\d{3})$/, '$1,$2');
  $('loss-test').textContent = formatLoss(f.testLoss);
  $('loss-train').textContent = formatLoss(f.trainLoss);
  const play = $('play-pause-button');
  play.classList.toggle('playing', f.playing);
  play.innerHTML = f.playing ? ICONS.pause : ICONS.play;
  play.setAttribute('aria-label', f.playing ? 'pause' : 'play');
  if (f.error) showMessage(f.error);
  drawLossChart($('loss-chart'), f.history);
  drawGradientChart($('gradient-chart'), f.gradients);
  network.update(f, state.discretize);
  const maps = f.output.map(decode);
  if (f.head === 'softmax') drawClassMap($('output-map'), maps, f.grid, state.discretize);
  else drawValueMap($('output-map'), maps[0], f.grid, state.discretize);
  if (f.dataVersion !== points.version) refreshPoints();
}

async function connect() {
  try {
    session = await api.createSession(state.config());
  } catch (error) {
    if (error.status !== 400) {
      showMessage(error.message);
      return;
    }
    showMessage(`${error.message} (the settings in the address were replaced by the defaults)`);
    state = new State();
    history.replaceState(null, '', state.toHash());
    syncControls();
    network.build(state, outputs(), MAX_NEURONS);
    session = await api.createSession(state.config());
  }
  points.version = -1;
  $('download').href = api.checkpointUrl(session.id);
  events = new EventSource(api.eventsUrl(session.id));
  events.addEventListener('state', e => render(JSON.parse(e.data)));
  events.addEventListener('closed', () => reconnect());
  // A session that expired (a laptop asleep) answers 404: start a new one with the same settings.
  events.onerror = () => { if (events.readyState === EventSource.CLOSED) reconnect(); };
}

function reconnect() {
  events?.close();
  session = null;
  setTimeout(connect, 1000);
}

function control(action) {
  if (session) api.control(session.id, action).catch(error => showMessage(error.message));
}

function bind() {
  fillSelect('learningRate', LEARNING_RATES);
  fillSelect('regularizationRate', REGULARIZATION_RATES);
  fillSelect('leakySlope', SLOPES);
  fillSelect('dropout', DROPOUTS);
  for (const id of ['learningRate', 'regularizationRate', 'leakySlope', 'dropout']) {
    $(id).addEventListener('change', e => { state[id] = Number(e.target.value); changed({ rebuild: false }); });
  }
  for (const id of ['activation', 'regularization', 'optimizer']) {
    $(id).addEventListener('change', e => { state[id] = e.target.value; changed({ rebuild: false }); });
  }
  $('problem').addEventListener('change', e => { state.problem = e.target.value; changed({ thumbnails: true }); });
  $('classes').addEventListener('change', e => { state.classes = Number(e.target.value); changed({ thumbnails: true }); });
  $('batchNorm').addEventListener('change', e => { state.batchNorm = e.target.checked; changed({ rebuild: false }); });
  for (const id of ['showTestData', 'discretize']) {
    $(id).addEventListener('change', e => { state[id] = e.target.checked; viewChanged(); });
  }
  for (const id of ['percTrainData', 'noise', 'batchSize']) {
    $(id).addEventListener('input', e => { $(`${id}-value`).textContent = e.target.value + (id === 'percTrainData' ? '%' : ''); });
    $(id).addEventListener('change', e => { state[id] = Number(e.target.value); changed({ rebuild: false }); });
  }
  $('add-layers').addEventListener('click', () => {
    if (state.networkShape.length < MAX_LAYERS) { state.networkShape.push(2); changed(); }
  });
  $('remove-layers').addEventListener('click', () => {
    if (state.networkShape.length > 0) { state.networkShape.pop(); changed(); }
  });
  $('regenerate').addEventListener('click', () => { state.seed = Math.floor(Math.random() * 1e6); changed({ rebuild: false }); });
  $('play-pause-button').addEventListener('click', () => control(frame?.playing ? 'pause' : 'play'));
  $('next-step-button').addEventListener('click', () => control('step'));
  $('reset-button').addEventListener('click', () => control('reset'));
  $('csv-file').addEventListener('change', async e => {
    const file = e.target.files[0];
    if (!file || !session) return;
    try {
      const result = await api.upload(session.id, await file.text());
      uploaded = true;
      if (result.classes >= 2 && state.problem === 'classification') {
        state.classes = result.classes;
        state.dataset = 'csv';
      } else {
        state.problem = 'regression';
        state.regDataset = 'csv';
      }
      changed({ thumbnails: true });
    } catch (error) {
      showMessage(error.message);
    }
    e.target.value = '';
  });
  window.addEventListener('pagehide', () => { if (session) api.close(session.id); });
  // A link pasted over this page's address changes only the hash: start again from it.
  window.addEventListener('hashchange', () => { if (location.hash !== state.toHash()) location.reload(); });
  window.addEventListener('resize', () => {
    network.build(state, outputs(), MAX_NEURONS);
    if (frame) render(frame);
  });
}

bind();
history.replaceState(null, '', state.toHash());
syncControls();
network.build(state, outputs(), MAX_NEURONS);
drawThumbnails();
connect();
