// The interviewer's voice: a small jitter buffer of PCM chunks at the server's rate, resampled to
// the context's rate. `pause` silences at once and keeps the queue; `resume` continues; `gain`
// ducks the voice under the candidate's (ramped over a few ms, no click); `drop` throws a turn's
// audio away. Reports what it played per turn, its buffer depth, its output level,
// and when its output goes silent (on the AudioContext clock).
const PREBUFFER_S = 0.06;

class Player extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.srcRate = (options.processorOptions && options.processorOptions.sampleRate) || 24000;
    this.step = this.srcRate / sampleRate;
    this.queue = []; // {turn, data: Float32Array, off}
    this.frac = 0;
    this.paused = false;
    this.gain = 1;
    this.target = 1;
    this.duckReported = true;
    this.playing = false; // past the prebuffer
    this.played = {}; // turn -> source samples played
    this.silentSince = 0;
    this.wasLoud = false;
    this.blocks = 0;
    this.port.onmessage = (e) => this.command(e.data);
  }

  command(m) {
    if (m.type === "chunk") {
      const pcm = new Int16Array(m.pcm);
      const f = new Float32Array(pcm.length);
      for (let i = 0; i < pcm.length; i++) f[i] = pcm[i] / 32768;
      this.queue.push({ turn: m.turn, data: f, off: 0 });
    } else if (m.type === "pause") {
      this.paused = true;
    } else if (m.type === "resume") {
      this.paused = false;
    } else if (m.type === "gain") {
      this.target = m.gain;
      this.duckReported = m.gain >= 1;
    } else if (m.type === "drop") {
      this.queue = this.queue.filter((c) => m.turn !== undefined && c.turn !== m.turn);
      if (m.turn === undefined) this.queue = [];
      this.paused = false;
      this.gain = this.target = 1;
    }
  }

  buffered() {
    let n = 0;
    for (const c of this.queue) n += c.data.length - c.off;
    return n / this.srcRate;
  }

  process(_inputs, outputs) {
    const out = outputs[0][0];
    out.fill(0);
    if (!this.paused) {
      if (!this.playing && this.buffered() >= PREBUFFER_S) this.playing = true;
      if (this.playing) {
        for (let i = 0; i < out.length; i++) {
          const c = this.queue[0];
          if (!c) { this.playing = false; break; }
          const idx = c.off + this.frac;
          const i0 = Math.floor(idx);
          const a = c.data[i0] || 0, b = c.data[i0 + 1] !== undefined ? c.data[i0 + 1] : a;
          this.gain += (this.target - this.gain) * 0.01; // about 3 ms to settle at 48 kHz
          out[i] = (a + (b - a) * (idx - i0)) * this.gain;
          this.frac += this.step;
          const whole = Math.floor(this.frac);
          this.frac -= whole;
          c.off += whole;
          this.played[c.turn] = (this.played[c.turn] || 0) + whole;
          if (c.off >= c.data.length) { this.queue.shift(); if (this.queue.length === 0) this.playing = false; }
        }
      }
    }
    if (!this.duckReported && this.gain <= this.target + 0.05) {
      this.duckReported = true; // the voice has got out of the way (ducked), on the AudioContext clock
      this.port.postMessage({ type: "ducked", time: currentTime });
    }
    for (let k = 1; k < outputs[0].length; k++) outputs[0][k].set(out);
    let sum = 0;
    for (let i = 0; i < out.length; i++) sum += out[i] * out[i];
    const rms = Math.sqrt(sum / out.length);
    const loud = rms > 0.002;
    if (this.wasLoud && !loud) this.port.postMessage({ type: "silent", time: currentTime });
    if (!this.wasLoud && loud) this.port.postMessage({ type: "sound", time: currentTime });
    this.wasLoud = loud;
    if (++this.blocks % 8 === 0) {
      this.port.postMessage({ type: "level", rms, buffered: this.buffered(), played: this.played,
                              rate: this.srcRate, time: currentTime });
    }
    return true;
  }
}

registerProcessor("viva-player", Player);
