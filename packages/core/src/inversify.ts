/**
 * The single inversify instance every bladerec package and plugin shares.
 *
 * Import DI decorators and containers from `@bladerec/core/inversify`, never from `inversify` itself:
 * core's published build carries inversify, and a `ContainerModule` made by a second copy cannot be
 * loaded into core's container (`pnpm lint:packages` refuses a package that imports it directly).
 */
import 'reflect-metadata';
export * from 'inversify';
