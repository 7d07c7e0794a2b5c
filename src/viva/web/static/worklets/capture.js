// The microphone's worklet: downsample to 16 kHz, cut 20 ms frames of s16le, measure the level,
// and mark speech onsets with an energy detector (on the AudioContext clock, for barge-in timing).
const OUT_RATE = 16000;
const FRAME = 320; // 20 ms at 16 kHz

class Capture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.ratio = sampleRate / OUT_RATE;
    this.pos = 0; // fractional read position into the input stream, relative to this block
    this.acc = 0; this.accN = 0; // box filter over the input samples that fold into one output
    this.frame = new Int16Array(FRAME);
    this.n = 0;
    this.energy = 0; this.blocks = 0;
    this.speaking = false; this.loud = 0; this.quiet = 0;
    this.noise = 0.002; // running floor estimate
    this.port.onmessage = (e) => { if (e.data && e.data.type === "reset") this.speaking = false; };
  }

  process(inputs) {
    const ch = inputs[0] && inputs[0][0];
    if (!ch) return true;
    let sum = 0;
    for (let i = 0; i < ch.length; i++) {
      const x = ch[i];
      sum += x * x;
      this.acc += x; this.accN++;
      this.pos += 1;
      if (this.pos >= this.ratio) {
        this.pos -= this.ratio;
        const v = Math.max(-1, Math.min(1, this.acc / this.accN));
        this.acc = 0; this.accN = 0;
        this.frame[this.n++] = v < 0 ? v * 0x8000 : v * 0x7fff;
        if (this.n === FRAME) {
          const out = this.frame;
          this.port.postMessage({ type: "frame", pcm: out.buffer }, [out.buffer]);
          this.frame = new Int16Array(FRAME);
          this.n = 0;
        }
      }
    }
    const rms = Math.sqrt(sum / ch.length);
    this.detect(rms);
    if (++this.blocks % 8 === 0) this.port.postMessage({ type: "level", rms, time: currentTime });
    return true;
  }

  // Onset: a few loud blocks in a row, well above the running noise floor.
  detect(rms) {
    const loud = rms > Math.max(0.01, this.noise * 4);
    if (!this.speaking) {
      this.noise = this.noise * 0.995 + Math.min(rms, 0.05) * 0.005;
      this.loud = loud ? this.loud + 1 : 0;
      if (this.loud >= 3) { // 3 blocks of 128 samples: ~8 ms at 48 kHz
        this.speaking = true; this.quiet = 0;
        const onset = currentTime - (3 * 128) / sampleRate;
        this.port.postMessage({ type: "onset", time: onset });
      }
    } else {
      this.quiet = loud ? 0 : this.quiet + 1;
      if (this.quiet * 128 / sampleRate > 0.4) { this.speaking = false; this.port.postMessage({ type: "offset", time: currentTime }); }
    }
  }
}

registerProcessor("viva-capture", Capture);
