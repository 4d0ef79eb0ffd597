export * from "./catalog.js";
export * from "./diagnostic.js";
