/**
 * Import rules between the top-level folders, checked in `npm test` (`npm run lint`):
 * no cycles at all, and the layers common ← knowledge, jobs ← bot ← scripts.
 */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles hide the order things start in.', from: {}, to: { circular: true } },
    {
      name: 'common-is-shared',
      severity: 'error',
      comment: 'common/ is used by every folder and uses none.',
      from: { path: '^common/' },
      to: { path: '^(bot|jobs|knowledge|scripts)/' },
    },
    {
      name: 'knowledge-alone',
      severity: 'error',
      comment: 'The knowledge engine knows nothing of chats or queues.',
      from: { path: '^knowledge/' },
      to: { path: '^(bot|jobs|scripts)/' },
    },
    {
      name: 'jobs-below-bot',
      severity: 'error',
      comment: 'Workers send through the sending contract in common/, not through bot/.',
      from: { path: '^jobs/' },
      to: { path: '^(bot|scripts)/' },
    },
    { name: 'nothing-imports-scripts', severity: 'error', from: { path: '^(bot|jobs|knowledge|common)/' }, to: { path: '^scripts/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
