#!/usr/bin/env node
import { main } from '../lib/src/cli.js';

process.exitCode = await main(process.argv.slice(2));
