// `npm run bench -- NAME [NAME…]` runs the named benchmarks (all when none is named).
// Each prints absolute figures and ratios against its peer measured in the same run.
const benchmarks: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  storage: () => import('./storage.ts'),
  api: () => import('./api.ts'),
  controllers: () => import('./controllers.ts'),
};

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in benchmarks));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}`);
  process.exit(2);
}
for (const name of requested.length > 0 ? requested : Object.keys(benchmarks)) {
  const benchmark = await benchmarks[name]!();
  await benchmark.run();
}
