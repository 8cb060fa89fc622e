/** @bladerec/data — catalogs, sequence data sets, loaders, splits and the synthetic generator. */
export * from './io/json-lines.js';
export * from './catalog/in-memory-catalog.js';
export * from './catalog/catalog-builder.js';
export * from './formats/catalog-json.js';
export * from './data-module.js';
