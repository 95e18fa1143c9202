/**
 * The layering rule (docs/contracts.md, "Layers"): `src/` is the core and imports no channel,
 * dialog or composition code; a channel imports neither the dialogs nor another channel; the
 * dialogs import no channel. No import cycles anywhere. `npm run lint:deps` checks it in CI.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle ties two modules together: neither can be read, tested or changed alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-no-outer-layer',
      severity: 'error',
      comment: 'src/ is the core: it defines ports that channels and dialogs implement, and never imports them.',
      from: { path: '^src/' },
      to: { path: '^(channels|dialogs|app|bin|test|bench)/' },
    },
    {
      name: 'channels-import-no-dialogs',
      severity: 'error',
      comment: "A channel maps its provider onto Activities; what the bot says is the dialogs' business.",
      from: { path: '^channels/' },
      to: { path: '^(dialogs|app|bin)/' },
    },
    {
      name: 'channels-import-no-other-channel',
      severity: 'error',
      comment: 'Each channel stands alone, so one can be added or removed without touching another.',
      from: { path: '^channels/([^/]+)/' },
      to: { path: '^channels/', pathNot: '^channels/$1/' },
    },
    {
      name: 'dialogs-import-no-channel',
      severity: 'error',
      comment: 'The dialogs know channels only through the capabilities the core describes.',
      from: { path: '^dialogs/' },
      to: { path: '^(channels|app|bin)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
