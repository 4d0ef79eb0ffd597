declare module "clang-format" {
  /** Path of the clang-format binary shipped in the package for this platform. */
  export function getNativeBinary(): string;
  const clangFormat: { getNativeBinary(): string };
  export default clangFormat;
}
