// The live channel: while a run trains, a panel's figures are pushed over one WebSocket per
// panel (dl_engine/ui/live_route.py), {seq, charts: {key: chart message}}, the latest build first;
// nothing is asked for. A dropped socket reconnects, sooner at first, and gets the latest build
// again. The channel never closes by itself while a chart follows it: the panel's rerun at the
// run's end unfollows it (a channel that gave up would leave its charts frozen, since the panel's
// reruns send them the same channel and Streamlit does not call a component whose data did not change).
const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 4000;

class LiveChannel {
  constructor(url) {
    this.url = url;
    this.charts = new Map();   // chart key -> Chart
    this.delay = RECONNECT_FIRST_MS;
    this.closed = false;
    this.connect();
  }

  connect() {
    const address = new URL(this.url, window.location.href);
    address.protocol = address.protocol === "https:" ? "wss:" : "ws:";
    this.socket = new WebSocket(address);
    this.socket.onopen = () => { this.delay = RECONNECT_FIRST_MS; };
    this.socket.onmessage = (event) => this.receive(JSON.parse(event.data));
    this.socket.onclose = () => {
      if (this.closed) return;
      this.retry = setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(2 * this.delay, RECONNECT_MAX_MS);
    };
  }

  receive(message) {
    for (const [key, data] of Object.entries(message.charts)) {
      const chart = this.charts.get(key);
      if (!chart) continue;
      chart.gd.dataset.build = String(message.seq);   // builds the server made (benchmarks)
      chart.update(data, true);
    }
  }

  close() {
    this.closed = true;
    clearTimeout(this.retry);
    this.socket.close();
  }
}
