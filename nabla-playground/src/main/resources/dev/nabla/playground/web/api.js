// The server's JSON API. Every refusal comes back as an Error whose message is the server's line.

async function request(method, path, body, type = 'application/json') {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.body = type === 'application/json' ? JSON.stringify(body) : body;
    init.headers['Content-Type'] = type;
  }
  const response = await fetch(path, init);
  if (!response.ok) {
    const text = (await response.text()).trim();
    const error = new Error(text || `${method} ${path}: HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return response.status === 204 ? null : response.json();
}

export const api = {
  createSession: config => request('POST', '/api/sessions', config),
  configure: (id, config) => request('POST', `/api/sessions/${id}/config`, config),
  control: (id, action) => request('POST', `/api/sessions/${id}/control`, { action }),
  upload: (id, csv) => request('POST', `/api/sessions/${id}/data`, csv, 'text/csv'),
  points: id => request('GET', `/api/sessions/${id}/points`),
  preview: (dataset, classes) => request('GET', `/api/datasets/${dataset}?classes=${classes}`),
  close: id => fetch(`/api/sessions/${id}`, { method: 'DELETE', keepalive: true }),
  eventsUrl: id => `/api/sessions/${id}/events`,
  checkpointUrl: id => `/api/sessions/${id}/checkpoint`,
};
