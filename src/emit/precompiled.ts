/**
 * The templates compiled ahead of time, by name ("network.cpp"): empty here, where
 * render.ts compiles each template on first use; the CLI bundle's copy of this module holds
 * them all (scripts/bundle.mjs writes it from templates/ with render.ts's COMPILE_OPTIONS),
 * so that a bundled `trtgen emit` runs no Handlebars compiler (~50 ms of each emit, `npm run
 * bench`) and the bundle's code cache holds the templates' code.
 */
export const PRECOMPILED: Readonly<Record<string, TemplateSpecification>> = {};
