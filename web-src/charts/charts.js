// The entry of the charts bundle: uPlot, re-exported as an ES module for the browser client.
import uPlot from "uplot";

export { uPlot };
export default uPlot;
