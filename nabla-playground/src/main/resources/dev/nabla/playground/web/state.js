// The page's settings, kept in the URL after '#' so that a configuration can be shared, with the
// TensorFlow Playground's names where it has the control. The server checks every value again.

export const FEATURES = [
  { key: 'x', label: 'X<sub>1</sub>', f: (a, b) => a },
  { key: 'y', label: 'X<sub>2</sub>', f: (a, b) => b },
  { key: 'xSquared', label: 'X<sub>1</sub><sup>2</sup>', f: (a, b) => a * a },
  { key: 'ySquared', label: 'X<sub>2</sub><sup>2</sup>', f: (a, b) => b * b },
  { key: 'xTimesY', label: 'X<sub>1</sub>X<sub>2</sub>', f: (a, b) => a * b },
  { key: 'sinX', label: 'sin(X<sub>1</sub>)', f: (a, b) => Math.sin(a) },
  { key: 'sinY', label: 'sin(X<sub>2</sub>)', f: (a, b) => Math.sin(b) },
];

const NUMBERS = ['learningRate', 'regularizationRate', 'noise', 'batchSize', 'percTrainData', 'leakySlope',
  'dropout', 'classes', 'seed'];
const STRINGS = ['activation', 'regularization', 'dataset', 'regDataset', 'problem', 'optimizer'];
const BOOLEANS = [...FEATURES.map(f => f.key), 'batchNorm', 'showTestData', 'discretize'];
/** Settings of the page only; the server never sees them. */
const VIEW_ONLY = ['showTestData', 'discretize'];

export class State {
  constructor() {
    this.learningRate = 0.03;
    this.regularizationRate = 0;
    this.noise = 0;
    this.batchSize = 10;
    this.percTrainData = 50;
    this.leakySlope = 0.01;
    this.dropout = 0;
    this.classes = 2;
    this.seed = Math.floor(Math.random() * 1e6);
    this.activation = 'tanh';
    this.regularization = 'none';
    this.dataset = 'circle';
    this.regDataset = 'reg-plane';
    this.problem = 'classification';
    this.optimizer = 'sgd';
    for (const f of FEATURES) this[f.key] = f.key === 'x' || f.key === 'y';
    this.batchNorm = false;
    this.showTestData = false;
    this.discretize = false;
    this.networkShape = [4, 2];
  }

  /** Reads '#name=value&...'; unknown names are ignored, values are left for the server to judge. */
  static fromHash(hash) {
    const state = new State();
    for (const pair of hash.replace(/^#/, '').split('&')) {
      const [name, raw] = pair.split('=');
      if (raw === undefined) continue;
      const value = decodeURIComponent(raw);
      if (NUMBERS.includes(name) && value.trim() !== '') state[name] = Number(value);
      else if (STRINGS.includes(name)) state[name] = value;
      else if (BOOLEANS.includes(name)) state[name] = value !== 'false';
      else if (name === 'networkShape') state.networkShape = value.trim() === '' ? [] : value.split(',').map(Number);
    }
    return state;
  }

  toHash() {
    const parts = [];
    for (const name of [...STRINGS, ...NUMBERS, ...BOOLEANS]) parts.push(`${name}=${encodeURIComponent(this[name])}`);
    parts.push(`networkShape=${this.networkShape.join(',')}`);
    return '#' + parts.join('&');
  }

  /** The request body for the server: everything but the view-only settings. */
  config() {
    const config = { networkShape: this.networkShape };
    for (const name of [...STRINGS, ...NUMBERS, ...BOOLEANS]) {
      if (!VIEW_ONLY.includes(name)) config[name] = this[name];
    }
    return config;
  }

  activeFeatures() {
    return FEATURES.filter(f => this[f.key]);
  }

  activeDataset() {
    return this.problem === 'classification' ? this.dataset : this.regDataset;
  }
}
