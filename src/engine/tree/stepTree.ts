// The steps of one tree-flow session in memory, mirrored to the store on every change, plus
// the template variables a step's prompts see (the task, the step, its ancestors, feedback, the
// baseline's failure, the repository map).
import type { AgentConfig } from '../config';
import type { EngineContext } from '../context';
import { editVars } from '../editFormat';
import type { StepRecord } from '../model';

export class StepTree {
  private readonly byId = new Map<string, StepRecord>();

  constructor(
    private readonly ctx: EngineContext,
    steps: StepRecord[],
  ) {
    for (const s of steps) this.byId.set(s.id, s);
  }

  get(id: string): StepRecord | undefined {
    return this.byId.get(id);
  }

  root(): StepRecord | undefined {
    return [...this.byId.values()].find((s) => s.parentId === null);
  }

  children(step: StepRecord): StepRecord[] {
    return (step.childIds ?? []).map((id) => this.byId.get(id)).filter((s): s is StepRecord => s !== undefined);
  }

  add(step: StepRecord): void {
    this.byId.set(step.id, step);
    this.ctx.saveStep(step);
  }

  save(step: StepRecord): void {
    this.ctx.saveStep(step);
  }

  /** A human approved the rest of a decomposition this step belongs to (on it or an ancestor). */
  approvedRest(step: StepRecord): boolean {
    return step.approveRest === true || this.ancestors(step).some((a) => a.approveRest === true);
  }

  /** Deletes a step's descendants (a re-run decomposition must not leave the old set behind). */
  removeChildren(step: StepRecord): void {
    const gone: string[] = [];
    const walk = (s: StepRecord) => {
      for (const c of this.children(s)) {
        walk(c);
        gone.push(c.id);
      }
    };
    walk(step);
    // Also sweep orphans whose parent is this step but were not listed (a crash mid-write).
    for (const s of this.byId.values()) if (s.parentId === step.id && !gone.includes(s.id)) gone.push(s.id);
    if (gone.length === 0) return;
    for (const id of gone) this.byId.delete(id);
    this.ctx.store.deleteSteps(this.ctx.session.id, gone);
    step.childIds = undefined;
  }

  /**
   * Steps lost on disk (a damaged journal line) must not leave a hole under a finished parent. A
   * step stored unfinished goes back to pending, and so does every finished ancestor, so the run
   * walks down to it again; a parent whose listed child is gone altogether decomposes again (the
   * child's description is lost with it). Returns the ids reopened.
   */
  reopenLost(): string[] {
    const reopened: string[] = [];
    const reopen = (s: StepRecord): void => {
      s.status = 'pending';
      reopened.push(s.id);
      this.ctx.saveStep(s);
    };
    for (const s of [...this.byId.values()]) {
      const finishedAbove = this.ancestors(s).filter((a) => a.status === 'completed');
      if ((s.childIds ?? []).some((id) => !this.byId.has(id))) {
        s.phase = 'decompose';
        reopen(s);
      } else if (s.status !== 'completed' && s.status !== 'pending' && finishedAbove.length) {
        reopen(s);
      } else if (s.status === 'completed' || !finishedAbove.length) {
        continue;
      }
      for (const a of finishedAbove) if (a.status === 'completed') reopen(a);
    }
    return reopened;
  }

  ancestors(step: StepRecord): StepRecord[] {
    const out: StepRecord[] = [];
    let p = step.parentId ? this.byId.get(step.parentId) : undefined;
    while (p) {
      out.unshift(p);
      p = p.parentId ? this.byId.get(p.parentId) : undefined;
    }
    return out;
  }

  vars(step: StepRecord): Record<string, unknown> {
    const ancestors = this.ancestors(step);
    const baseline = this.ctx.session.metadata.baseline;
    const siblings = step.parentId ? this.children(this.byId.get(step.parentId)!) : [];
    return {
      task: this.ctx.session.prompt,
      step: step.description,
      step_id: step.id,
      depth: step.depth,
      max_depth: this.ctx.domain.limits.maxDepth,
      context: ancestors.map((a) => a.description),
      siblings: siblings.filter((s) => s.id !== step.id).map((s) => ({ id: s.id, description: s.description, done: s.status === 'completed' })),
      max_files: this.ctx.domain.stepGranularity.maxFiles,
      max_lines_changed: this.ctx.domain.stepGranularity.maxLinesChanged,
      feedback: step.feedback,
      baseline_failure: baseline && !baseline.passed ? baseline.output : '',
      baseline_command: baseline?.command ?? '',
      human_feedback: step.humanFeedback,
      ...this.ctx.options.extraVars,
    };
  }

  /** vars plus `repo_map`, drawn only for an agent whose templates use it, at the agent's budget. */
  async promptVars(step: StepRecord, agent: AgentConfig): Promise<Record<string, unknown>> {
    const vars = this.vars(step);
    const ws = this.ctx.workspace;
    const tokens = agent.repoMapTokens ?? 0;
    const wanted = tokens > 0 && ws?.repoMap && `${agent.template}${agent.system ?? ''}`.includes('repo_map');
    if (!wanted) return vars;
    // Ranked by everything that says where the work is: the task, the step and its parents, what fails.
    const query = [this.ctx.session.prompt, ...(vars.context as string[]), step.description, vars.baseline_failure, step.feedback ?? ''].join('\n');
    return { repo_map: await ws.repoMap!(query, tokens), ...vars };
  }

  /**
   * Solver variables add the current contents of the files the step names, then those the
   * baseline's failing output names and what they import. A step that may change several files
   * (max_files > 1) also sees what its own files import: a fix may span a file and its helper.
   */
  async solverVars(step: StepRecord, agent: AgentConfig): Promise<Record<string, unknown>> {
    const vars = await this.promptVars(step, agent);
    const multiFile = this.ctx.domain.stepGranularity.maxFiles > 1;
    const related = [multiFile ? step.description : '', vars.baseline_failure as string].filter(Boolean).join('\n');
    const files = this.ctx.workspace?.describe ? await this.ctx.workspace.describe(step.description, related || undefined) : [];
    return { ...vars, ...editVars(this.ctx.domain.applier, files) };
  }
}
