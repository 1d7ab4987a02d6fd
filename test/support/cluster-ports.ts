/**
 * Free ports for a throw-away cluster (src/cluster) beside any other on this machine: the chaos run and the
 * scale bench each start their own. HAProxy, the UI and the gateways get any free port; the Temporal server
 * takes its frontend port and fixed offsets from it (temporalPorts), so the base is one whose neighbours
 * are free too.
 */
import { temporalPorts, type ClusterPorts } from '../../src/cluster/cluster.ts';
import { freePort, isPortFree } from '../../src/temporal/free-port.ts';

export async function freeClusterPorts(): Promise<ClusterPorts> {
  const p = async () => freePort();
  for (;;) {
    // Membership ports are stored as smallint by the SQL persistence: all must stay below 32768.
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    if ((await Promise.all(Object.values(temporalPorts(base)).map((port) => isPortFree(port)))).every(Boolean)) {
      return { lb: await p(), ui: await p(), temporal: base, gateways: [await p(), await p()] };
    }
  }
}
