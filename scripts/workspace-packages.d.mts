// Types of workspace-packages.mjs, for the TypeScript tests that import it.
export interface WorkspacePackage {
  readonly dir: string;
  readonly name: string;
  readonly version: string;
  readonly private: boolean;
  readonly manifest: Record<string, unknown>;
}
export function workspacePackages(): WorkspacePackage[];
export function tarballName(name: string, version: string): string;
export function packPackage(pkg: WorkspacePackage, dest: string): string;
export function tarballEntries(file: string): Map<string, Buffer>;
export function tarballProblems(file: string): string[];
