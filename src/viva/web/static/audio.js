// Audio in and out on one AudioContext: the microphone through the capture worklet (16 kHz
// frames to the server), the interviewer through the player worklet. Both worklets report on the
// AudioContext clock, which is what the barge-in measurement uses.

export class AudioIO {
  constructor() {
    this.ctx = null;
    this.player = null;
    this.capture = null;
    this.stream = null;
    this.onFrame = () => {};
    this.onMicLevel = () => {};
    this.onOutLevel = () => {};
    this.onPlayed = () => {};
    this.events = { onsets: [], silences: [], sounds: [], ducks: [] }; // AudioContext times, for tests and stats
    this.outLevel = 0;
    this.micLevel = 0;
    this.buffered = 0;
    this.played = {};
    this.playRate = 24000;
    this.serverRate = 24000;
  }

  get supported() {
    return !!(window.AudioContext && window.AudioWorkletNode && navigator.mediaDevices);
  }

  async start({ serverRate = 24000, mic = true, processing = true } = {}) {
    if (!this.supported) throw new Error("this browser has no AudioWorklet");
    this.ctx = this.ctx || new AudioContext({ latencyHint: "interactive" });
    await this.ctx.audioWorklet.addModule("/static/worklets/capture.js");
    await this.ctx.audioWorklet.addModule("/static/worklets/player.js");
    this.setServerRate(serverRate);
    if (mic) await this.startMic(processing);
    if (this.ctx.state === "suspended") {
      // Without a recent click the browser may keep the context suspended; the page says so.
      await Promise.race([this.ctx.resume(), new Promise((r) => setTimeout(r, 300))]);
    }
  }

  async startMic(processing = true) {
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: processing, noiseSuppression: processing, autoGainControl: processing },
    });
    const src = this.ctx.createMediaStreamSource(this.stream);
    this.capture = new AudioWorkletNode(this.ctx, "viva-capture", { numberOfOutputs: 1, outputChannelCount: [1] });
    const mute = this.ctx.createGain();
    mute.gain.value = 0; // keeps the worklet pulled without playing the mic back
    src.connect(this.capture).connect(mute).connect(this.ctx.destination);
    this.capture.port.onmessage = (e) => this.fromCapture(e.data);
  }

  // The rate `ready` announces; a new player is made if it differs.
  setServerRate(rate) {
    if (this.player && rate === this.serverRate) return;
    if (this.player) this.player.disconnect();
    this.serverRate = rate;
    this.player = new AudioWorkletNode(this.ctx, "viva-player", {
      numberOfInputs: 0, outputChannelCount: [1], processorOptions: { sampleRate: rate },
    });
    this.player.connect(this.ctx.destination);
    this.player.port.onmessage = (e) => this.fromPlayer(e.data);
  }

  fromCapture(m) {
    if (m.type === "frame") this.onFrame(m.pcm);
    else if (m.type === "level") { this.micLevel = m.rms; this.onMicLevel(m.rms); }
    else if (m.type === "onset") this.events.onsets.push(m.time);
  }

  fromPlayer(m) {
    if (m.type === "level") {
      this.outLevel = m.rms; this.buffered = m.buffered; this.played = m.played; this.playRate = m.rate;
      this.onOutLevel(m.rms);
      this.onPlayed(m.played, m.rate);
    } else if (m.type === "silent") this.events.silences.push(m.time);
    else if (m.type === "sound") this.events.sounds.push(m.time);
    else if (m.type === "ducked") this.events.ducks.push(m.time);
  }

  play(turn, buffer) { if (this.player) this.player.port.postMessage({ type: "chunk", turn, pcm: buffer }, [buffer]); }
  pause() { if (this.player) this.player.port.postMessage({ type: "pause" }); }
  resume() { if (this.player) this.player.port.postMessage({ type: "resume" }); }
  duck(gain) { if (this.player) this.player.port.postMessage({ type: "gain", gain }); }
  drop(turn) { if (this.player) this.player.port.postMessage({ type: "drop", turn }); }

  stop() {
    if (this.stream) this.stream.getTracks().forEach((t) => t.stop());
    if (this.ctx) this.ctx.close();
    this.ctx = null; this.player = null; this.capture = null; this.stream = null;
  }
}

// A short standalone mic check for the start screen.
export async function micCheck(onLevel) {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const ctx = new AudioContext();
  const an = ctx.createAnalyser();
  an.fftSize = 1024;
  ctx.createMediaStreamSource(stream).connect(an);
  const buf = new Float32Array(an.fftSize);
  let running = true;
  const tick = () => {
    if (!running) return;
    an.getFloatTimeDomainData(buf);
    let s = 0;
    for (const x of buf) s += x * x;
    onLevel(Math.sqrt(s / buf.length));
    requestAnimationFrame(tick);
  };
  tick();
  return () => { running = false; stream.getTracks().forEach((t) => t.stop()); ctx.close(); };
}
