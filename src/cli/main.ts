// The `kmlab` command: dispatches to its sub-commands. Each sub-command lives in its own file
// and returns a process exit code; output goes through the `Io` it is given so tests can run it.
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** The stream behind out(), when there is one: `kmlab sh` honours its back-pressure and EPIPE. */
  stdout?: NodeJS.WritableStream;
}

const nodeIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stdout: process.stdout,
};

const USAGE = `usage: kmlab <command> [options]

commands:
  help                 this text
  replay               replay a reference string through a page-replacement policy (textbook table)
  case-study 1|2       run a case study headless: data files, CSV and report.html
  demo                 both case studies into ./lab-output, a summary table and the report
  sh                   the lab's shell on a simulated machine (interactive, or -c SCRIPT)
  grade [DIR…]         grade a module folder as the course's autograder does (--json, --csv FILE)
`;

export async function main(argv: string[], io: Io = nodeIo): Promise<number> {
  const [command] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(USAGE);
      return 0;
    case 'replay': return (await import('./replay')).replayCommand(argv.slice(1), io);
    case 'case-study': return (await import('./caseStudy')).caseStudyCommand(argv.slice(1), io);
    case 'demo': return (await import('./caseStudy')).caseStudyCommand(argv.slice(1), io, true);
    case 'sh': return (await import('./sh')).shCommand(argv.slice(1), io);
    case 'grade': return (await import('./grade')).gradeCommand(argv.slice(1), io);
    default:
      io.err(`kmlab: unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}
