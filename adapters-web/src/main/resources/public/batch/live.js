// Live progress: one EventSource for the page, no polling. Listeners get each event's data as an object.
const listeners = new Set();
let source = null;

export function onBatchEvent(listener) {
  listeners.add(listener);
  connect();
  return () => listeners.delete(listener);
}

// A stream holds one of the browser's few connections to the server: opened only when a view needs it, closed when
// the page goes away (or into the back-forward cache).
addEventListener('pagehide', () => { if (source) { source.close(); source = null; } });
addEventListener('pageshow', (event) => { if (event.persisted && listeners.size) connect(); });

function connect() {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/results/operations/events');
  for (const name of ['connected', 'operation_progress', 'operation_file_update']) {
    source.addEventListener(name, (event) => {
      let data = null;
      try { data = JSON.parse(event.data); } catch (ignored) { return; }
      if (name === 'connected') document.documentElement.dataset.live = 'connected'; // tests wait for it
      for (const listener of listeners) listener(name, data);
    });
  }
  // EventSource reconnects by itself; on reconnection 'connected' comes again and views reload their state.
}
