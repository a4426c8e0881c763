/**
 * The size limits of lib/'s layout (issue 18, "One home per concept"; CONTRIBUTING.md, "Architecture"):
 * a folder that outgrows them holds more than one concept, and a file that does holds more than one job.
 *
 * A folder's count is of its own `.ts` files, not those of its subfolders (`ls folder/*.ts | wc -l`); its
 * lines are theirs summed, and a file's lines are its newline characters (`wc -l`). Each concept keeps its
 * helpers in its own `private/` folder, so lib/ has no flat `private/` folder of its own.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface LayoutLimits {
  /** The most `.ts` files directly in one folder. */
  readonly filesPerFolder: number;
  /** The most lines of the `.ts` files directly in one folder, summed. */
  readonly linesPerFolder: number;
  /** The most lines of one `.ts` file. */
  readonly linesPerFile: number;
}

export const LAYOUT_LIMITS: LayoutLimits = { filesPerFolder: 16, linesPerFolder: 2500, linesPerFile: 400 };

/** The size of one folder: its own `.ts` files and their lines. */
export interface FolderSize {
  /** The folder, relative to the root that was walked (`.` for the root). */
  readonly folder: string;
  readonly files: number;
  readonly lines: number;
}

/** Lines as `wc -l` counts them: newline characters. */
function lineCount(file: string): number {
  return fs.readFileSync(file, 'utf8').split('\n').length - 1;
}

/** Every folder under `root`, the root included, with its own `.ts` files and lines, sorted by path. */
export function folderSizes(root: string): FolderSize[] {
  const sizes: FolderSize[] = [];
  const walk = (dir: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    const files = entries.filter(e => e.isFile() && e.name.endsWith('.ts')).map(e => path.join(dir, e.name));
    sizes.push({ folder: path.relative(root, dir) || '.', files: files.length, lines: files.reduce((sum, f) => sum + lineCount(f), 0) });
    entries.filter(e => e.isDirectory()).forEach(e => walk(path.join(dir, e.name)));
  };
  walk(root);
  return sizes.sort((a, b) => a.folder.localeCompare(b.folder));
}

/** What breaks the limits under `root` (a library's lib/ folder), one sentence each naming the folder or file. */
export function layoutProblems(root: string, limits: LayoutLimits = LAYOUT_LIMITS): string[] {
  const problems: string[] = [];
  const name = (folder: string) => path.posix.join(path.basename(root), folder.split(path.sep).join('/'));
  if (fs.existsSync(path.join(root, 'private'))) {
    problems.push(`${name('private')}/ is a flat folder of private helpers: each concept keeps its own in <concept>/private/`);
  }
  for (const { folder, files, lines } of folderSizes(root)) {
    const dir = path.join(root, folder);
    if (files > limits.filesPerFolder) {
      problems.push(`${name(folder)}/ has ${files} .ts files of its own; the limit is ${limits.filesPerFolder}: split it by sub-concept`);
    }
    if (lines > limits.linesPerFolder) {
      problems.push(`${name(folder)}/ has ${lines} lines in its own .ts files; the limit is ${limits.linesPerFolder}: split it by sub-concept`);
    }
    for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.ts')).sort()) {
      const count = lineCount(path.join(dir, file));
      if (count > limits.linesPerFile) {
        problems.push(`${name(path.join(folder, file))} has ${count} lines; the limit is ${limits.linesPerFile}: move a coherent part to a file of its own`);
      }
    }
  }
  return problems;
}
