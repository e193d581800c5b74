// Online or offline, as the cashier's top bar shows it. Every request the engine makes says whether
// the acquirer could be reached; on an idle terminal a probe (a harmless question about an id that
// never exists) asks now and then, more often while the link is down.
import type { AcquirerPort, WireNote } from '../acquirer/port.ts';

export interface LinkState {
  online: boolean;
  /** false until the first request settled: `online` is then only optimism. */
  known: boolean;
  since: string;
}

export interface LinkMonitorOptions {
  acquirer: Pick<AcquirerPort, 'probe'>;
  clock: () => Date;
  signal: AbortSignal;
  /** How often to probe an unreachable acquirer; six times that while it answers (ms). */
  probeMs: number;
  /** Whether journal work is on the wire now: it tells the same as a probe, which then stays quiet. */
  busy: () => boolean;
  onChange: (state: LinkState, cameBack: boolean) => void;
  onProblem: (message: string) => void;
}

export class LinkMonitor {
  private state: LinkState;
  private timer: NodeJS.Timeout | null = null;
  private probing = false;
  private closed = false;

  constructor(private readonly opts: LinkMonitorOptions) {
    this.state = { online: true, known: false, since: opts.clock().toISOString() };
  }

  status(): LinkState {
    return { ...this.state };
  }

  /** Known to be down: a young code then waits in the journal instead of going out. */
  knownDown(): boolean {
    return this.state.known && !this.state.online;
  }

  /** What a request's trip says about the link. */
  heard(wire: Pick<WireNote, 'reached'>, now: Date): void {
    const online = wire.reached;
    const wasDown = !this.state.online;
    if (this.state.online === online && this.state.known) return;
    this.state = { online, known: true, since: now.toISOString() };
    if (!online) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.schedule(this.opts.probeMs);
    }
    this.opts.onChange(this.status(), online && wasDown);
  }

  schedule(delayMs: number): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.probe();
    }, delayMs);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async probe(): Promise<void> {
    if (this.closed || this.probing) return;
    if (!this.opts.busy()) {
      this.probing = true;
      try {
        const wire = await this.opts.acquirer.probe({ signal: this.opts.signal });
        if (this.closed) return;
        this.heard(wire, this.opts.clock());
      } catch (err) {
        this.opts.onProblem((err as Error).message);
      } finally {
        this.probing = false;
      }
    }
    // While it answers, a probe now and then notices an outage on an idle terminal.
    this.schedule(this.state.online && this.state.known ? this.opts.probeMs * 6 : this.opts.probeMs);
  }
}
