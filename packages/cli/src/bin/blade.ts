#!/usr/bin/env node
import { runBlade } from '../program/run-blade.js';

process.exitCode = await runBlade(process.argv.slice(2));
