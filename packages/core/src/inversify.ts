/**
 * The single inversify instance every bladerec package and plugin shares.
 *
 * Import DI decorators and containers from `@bladerec/core/inversify` (or declare `inversify` as a
 * peer dependency) so that decorator metadata and symbol identity live in one copy of the library.
 */
import 'reflect-metadata';
export * from 'inversify';
