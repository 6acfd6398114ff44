// Apply and verify a decided step. The change set is recorded on the step BEFORE any file is
// written, so a crash between writing and verifying is rolled back on resume; a failed
// verification is rolled back byte for byte and then retried, paused or failed as configured.
import type { EngineContext } from '../context';
import type { StepRecord } from '../model';
import type { Mutex } from '../mutex';
import { pause } from './phases';

export async function applyPhase(ctx: EngineContext, step: StepRecord, writes: Mutex): Promise<void> {
  const ws = ctx.workspace;
  if (!ws || ctx.domain.applier === 'none' || step.winnerText === undefined) {
    step.phase = 'done';
    return;
  }
  await writes.run(async () => {
    const decision = ctx.resume?.wait.stepId === step.id ? ctx.resume.decision : undefined;
    const sid = ctx.session.id;
    let cs = step.changeSet;
    if (decision?.appliedExternally && cs) {
      // The editor already wrote it (a WorkspaceEdit, so Undo works): just verify it.
      cs.applied = true;
    } else {
      if (cs?.applied && !cs.rolledBack) await ws.rollback(cs); // a crash left it half-verified
      if (!(step.humanEdited && cs)) {
        // Plan again against the files as they are now: a sibling step may have changed them.
        const plan = await ws.plan(step.winnerText!, step.description);
        if (!plan.ok) pause(ctx, step, 'verify_failed', `the chosen candidate no longer applies: ${plan.reason}`);
        cs = plan.changeSet;
        step.changeSet = cs;
        ctx.saveStep(step);
      }
      if (!ws.canWrite) {
        step.phase = 'done';
        return;
      }
      await ws.apply(cs);
      cs.applied = true;
      ctx.saveStep(step);
      ctx.events.emit({ type: 'change_applied', sessionId: sid, stepId: step.id, changeSet: cs });
    }
    step.phase = 'verify';
    const attempt = (step.attempts ?? 0) + 1;
    step.attempts = attempt;
    const result = await ws.verify(attempt, ctx.signal);
    if (result) step.metrics.verification = result;
    if (!result || result.passed) {
      ctx.events.emit({ type: 'verified', sessionId: sid, stepId: step.id, passed: true, exitCode: result?.exitCode ?? null, rolledBack: false });
      if (ws.commit) await ws.commit(step.description, cs);
      step.phase = 'done';
      ctx.saveStep(step);
      return;
    }
    await ws.rollback(cs);
    cs.rolledBack = true;
    ctx.events.emit({ type: 'verified', sessionId: sid, stepId: step.id, passed: false, exitCode: result.exitCode, rolledBack: true });
    const verdict = `\`${result.command}\` exited ${result.exitCode}`;
    const why = `verifier ${verdict} (attempt ${attempt}); the change was rolled back`;
    switch (ctx.domain.onVerifyFail) {
      case 'retry':
        if (attempt <= ctx.domain.verifyRetries) {
          step.feedback = result.output;
          // Not a human rejection: copies drawn again are flagged with the verifier's verdict.
          const key = step.metrics.tally?.winner;
          if (key) step.failedKeys = [...(step.failedKeys ?? []), { key, verdict }];
          step.phase = 'solve';
          ctx.saveStep(step);
          return;
        }
        step.phase = 'apply';
        ctx.saveStep(step);
        return pause(ctx, step, 'verify_failed', `${why}; ${ctx.domain.verifyRetries} retries used`);
      case 'pause':
        step.phase = 'apply';
        ctx.saveStep(step);
        return pause(ctx, step, 'verify_failed', why);
      case 'fail':
        throw new Error(why);
    }
  });
}
