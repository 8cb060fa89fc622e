/**
 * The part of the WebAssembly JS API the kernels use. It is a Node global, but the compiler options
 * of this workspace load no DOM types (which is where TypeScript declares it).
 */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- augmenting a global namespace needs the syntax
  namespace WebAssembly {
    interface Memory {
      readonly buffer: ArrayBuffer | SharedArrayBuffer;
      grow(pages: number): number;
    }
    const Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => Memory;
    interface Module {
      readonly __module?: never;
    }
    const Module: new (bytes: Uint8Array) => Module;
    interface Instance {
      readonly exports: Record<string, unknown>;
    }
    const Instance: new (module: Module, imports: object) => Instance;
    function validate(bytes: Uint8Array): boolean;
  }
}

export {};
