import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The manifests of a small valid workspace: an environment, a web service that publishes a topic, and a worker. */
export const BASE: Record<string, string> = {
  'copilot/.workspace': 'application: shop\n',
  'copilot/environments/test/manifest.yml': 'name: test\ntype: Environment\n',
  'copilot/web/manifest.yml': [
    'name: web', 'type: Load Balanced Web Service', 'image:', '  location: public.ecr.aws/nginx/nginx:1.27', '  port: 8080',
    'http:', '  path: /', 'publish:', '  topics:', '    - name: orders', '',
  ].join('\n'),
};

/** Writes a workspace of these files (relative paths to contents; undefined removes a base file) into a new temporary folder. */
export function workspaceOf(files: Record<string, string | undefined>, base: Record<string, string> = BASE): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'copilot-ws-'));
  for (const [file, text] of Object.entries({ ...base, ...files })) {
    if (text === undefined) continue;
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** A service manifest from its lines. */
export function manifest(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
