// A benchmark group measures one area and returns named figures. Figure names are used by tools
// outside the project: never rename one.
export interface BenchGroup {
  name: string;
  summary: string;
  run(): Promise<Record<string, number>>;
}
