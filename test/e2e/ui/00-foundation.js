// Foundation: the extension's container, view and first command in the real workbench.
const pkg = require('../../../package.json');

const CONTAINER = pkg.contributes.viewsContainers.activitybar.find((c) => c.id === 'kernelMemoryLab');
const STATUS_VIEW = pkg.contributes.views.kernelMemoryLab.find((v) => v.id === 'kernelMemoryLab.status');
// First plain-text line of the view's welcome content (later lines are [button](command:…) links).
const WELCOME = pkg.contributes.viewsWelcome.find((w) => w.view === STATUS_VIEW.id)
  .contents.split('\n').find((l) => l && !l.startsWith('['));
const CHANNEL = 'Kernel Memory Lab';

module.exports = {
  name: 'foundation',
  checks: [
    {
      name: `activity bar opens the "${CONTAINER.title}" container`,
      run: async ({ page, h }) => { await h.openViewContainer(page, CONTAINER.title); },
    },
    {
      name: `the ${STATUS_VIEW.name} view shows its welcome text`,
      run: async ({ page, h, assert }) => {
        await h.openViewContainer(page, CONTAINER.title);
        const text = await h.welcomeText(h.pane(page, STATUS_VIEW.name));
        assert.ok(text.includes(WELCOME), `welcome text was: ${JSON.stringify(text)}`);
      },
    },
    {
      name: `"Kernel Memory Lab: Show Log" shows the "${CHANNEL}" output channel`,
      run: async ({ page, h, assert }) => {
        const output = page.locator(`.part.panel .output-view[aria-label="${CHANNEL} - Output"]`);
        assert.equal(await output.isVisible(), false, 'the channel was already shown before the command');
        await h.runCommand(page, 'Kernel Memory Lab: Show Log');
        // A LogOutputChannel prefixes entries with their level; the extension logs on activation.
        await h.outputChannelText(page, CHANNEL, { match: /\[info\]/ });
        await h.screenshot(page, 'workbench');
      },
    },
    {
      name: 'theme switching for screenshots (light, high contrast, dark)',
      run: async ({ page, h }) => {
        for (const [theme, file] of [['Default Light Modern', 'workbench-light'],
          ['Default High Contrast', 'workbench-hc'], ['Default Dark Modern', 'workbench-dark']]) {
          await h.setTheme(page, theme); // throws unless the workbench shows the theme
          await h.screenshot(page, file);
        }
      },
    },
  ],
};
