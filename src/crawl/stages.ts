/**
 * The crawl, in order: every claimed frontier row goes through these stages
 * (stage-runner.ts runs them). Each stage's output is the next one's input, so
 * the compiler checks the order; the first outcome other than `continue`
 * decides what becomes of the row.
 */
import type { CrawlEnv, RowCtx } from './crawl-context.js';
import { StageList } from './stage.js';
import { robotsStage } from './robots-stage.js';
import { slotStage } from './slot-stage.js';
import { conditionalStage } from './conditional-stage.js';
import { fetchStage } from './fetch-stage.js';
import { decodeStage } from './decode-stage.js';
import { classifyStage } from './classify-stage.js';
import { discoverStage } from './discover-stage.js';
import { storeStage } from './store-stage.js';
import { columnStage, navBudgetStage } from './columns/column-stage.js';

export const CRAWL_STAGES = StageList.start<RowCtx, CrawlEnv>()
  .then(navBudgetStage)
  .then(robotsStage)
  .then(slotStage)
  .then(conditionalStage)
  .then(fetchStage)
  .then(decodeStage)
  .then(classifyStage)
  .then(discoverStage)
  .then(columnStage)
  .then(storeStage);

/** An `again` outcome (solved challenge, render, client redirect) fetches once more from here. */
export const AGAIN_FROM = CRAWL_STAGES.names.indexOf(fetchStage.name);

/** Fetches one row may take in one go: the first and up to two `again`s. */
export const MAX_ROUNDS = 3;
