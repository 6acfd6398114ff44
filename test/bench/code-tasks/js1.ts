// JavaScript tasks, part 1: off-by-one, wrong operator, swapped arguments, missing await.
import { code, JS_TEST_HEADER as header, type CodeTask } from './task';

export const JS_TASKS_1: CodeTask[] = [
  {
    id: 'js-range-inclusive',
    lang: 'js',
    kind: 'off-by-one',
    prompt: 'Fix src/range.js: range(start, end) must include end, and test/range.test.js fails.',
    files: {
      'src/range.js': code`
// Whole numbers from start to end, both included.
function range(start, end) {
  const out = [];
  for (let i = start; i < end; i++) out.push(i);
  return out;
}

module.exports = { range };
`,
      'test/range.test.js': header + code`
const { range } = require('../src/range');

test('range includes both ends', () => {
  assert.deepEqual(range(1, 4), [1, 2, 3, 4]);
  assert.deepEqual(range(5, 5), [5]);
});
`,
    },
    tests: ['test/range.test.js'],
    fix: { 'src/range.js': [['i < end;', 'i <= end;']] },
    decoy: { 'src/range.js': [['let i = start;', 'let i = start - 1;']] },
  },
  {
    id: 'js-paginate',
    lang: 'js',
    kind: 'off-by-one',
    prompt: 'Fix src/paginate.js: pages are numbered from 1, but page(items, 1, size) skips the first items; test/paginate.test.js fails.',
    files: {
      'src/paginate.js': code`
// Page n (1-based) of a list, size items per page.
function page(items, n, size) {
  const from = n * size;
  return items.slice(from, from + size);
}

module.exports = { page };
`,
      'test/paginate.test.js': header + code`
const { page } = require('../src/paginate');

test('pages start at 1', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  assert.deepEqual(page(items, 1, 2), ['a', 'b']);
  assert.deepEqual(page(items, 3, 2), ['e']);
});
`,
    },
    tests: ['test/paginate.test.js'],
    fix: { 'src/paginate.js': [['const from = n * size;', 'const from = (n - 1) * size;']] },
    decoy: { 'src/paginate.js': [['const from = n * size;', 'const from = n * size - 1;']] },
  },
  {
    id: 'js-can-vote',
    lang: 'js',
    kind: 'wrong operator',
    prompt: 'Fix src/voting.js: canVote(age) must be true from 18 years on; test/voting.test.js fails for an 18-year-old.',
    files: {
      'src/voting.js': code`
const VOTING_AGE = 18;

// True when a person of this age may vote.
function canVote(age) {
  return age > VOTING_AGE;
}

module.exports = { canVote, VOTING_AGE };
`,
      'test/voting.test.js': header + code`
const { canVote } = require('../src/voting');

test('voting starts at 18', () => {
  assert.equal(canVote(17), false);
  assert.equal(canVote(18), true);
  assert.equal(canVote(40), true);
});
`,
    },
    tests: ['test/voting.test.js'],
    fix: { 'src/voting.js': [['age > VOTING_AGE', 'age >= VOTING_AGE']] },
    decoy: { 'src/voting.js': [['age > VOTING_AGE', 'age >= VOTING_AGE + 1']] },
  },
  {
    id: 'js-discount',
    lang: 'js',
    kind: 'wrong operator',
    prompt: 'Fix src/discount.js: a 25% discount on 80 should cost 60, not 100; test/discount.test.js fails.',
    files: {
      'src/discount.js': code`
// The price after a discount; rate is a fraction (0.25 for 25%).
function discounted(price, rate) {
  if (rate < 0 || rate > 1) throw new RangeError('rate must be between 0 and 1');
  return price + price * rate;
}

module.exports = { discounted };
`,
      'test/discount.test.js': header + code`
const { discounted } = require('../src/discount');

test('a discount lowers the price', () => {
  assert.equal(discounted(80, 0.25), 60);
  assert.equal(discounted(10, 0), 10);
});
`,
    },
    tests: ['test/discount.test.js'],
    fix: { 'src/discount.js': [['return price + price * rate;', 'return price - price * rate;']] },
    decoy: { 'src/discount.js': [['return price + price * rate;', 'return price * rate;']] },
  },
  {
    id: 'js-clamp',
    lang: 'js',
    kind: 'swapped arguments',
    prompt: 'Fix src/clamp.js: clamp(value, min, max) returns the bounds the wrong way round; test/clamp.test.js fails.',
    files: {
      'src/clamp.js': code`
// value limited to the closed interval [min, max].
function clamp(value, min, max) {
  return Math.min(Math.max(value, max), min);
}

module.exports = { clamp };
`,
      'test/clamp.test.js': header + code`
const { clamp } = require('../src/clamp');

test('clamp keeps values inside the bounds', () => {
  assert.equal(clamp(5, 0, 10), 5);
  assert.equal(clamp(-3, 0, 10), 0);
  assert.equal(clamp(42, 0, 10), 10);
});
`,
    },
    tests: ['test/clamp.test.js'],
    fix: { 'src/clamp.js': [['Math.min(Math.max(value, max), min)', 'Math.min(Math.max(value, min), max)']] },
    decoy: { 'src/clamp.js': [['Math.min(Math.max(value, max), min)', 'Math.max(Math.min(value, min), max)']] },
  },
  {
    id: 'js-full-name',
    lang: 'js',
    kind: 'swapped arguments',
    prompt: 'Fix src/names.js: fullName prints the last name first; test/names.test.js fails.',
    files: {
      'src/names.js': code`
function joinName(first, last) {
  return first + ' ' + last;
}

// "Ada Lovelace" for { first: 'Ada', last: 'Lovelace' }.
function fullName(person) {
  return joinName(person.last, person.first);
}

module.exports = { fullName, joinName };
`,
      'test/names.test.js': header + code`
const { fullName, joinName } = require('../src/names');

test('first name comes first', () => {
  assert.equal(fullName({ first: 'Ada', last: 'Lovelace' }), 'Ada Lovelace');
  assert.equal(joinName('Grace', 'Hopper'), 'Grace Hopper');
});
`,
    },
    tests: ['test/names.test.js'],
    fix: { 'src/names.js': [['joinName(person.last, person.first)', 'joinName(person.first, person.last)']] },
    decoy: { 'src/names.js': [["return first + ' ' + last;", "return last + ' ' + first;"]] },
  },
  {
    id: 'js-load-config',
    lang: 'js',
    kind: 'missing await',
    prompt: 'Fix src/config.js: loadConfig(read) throws because it parses a promise; test/config.test.js fails.',
    files: {
      'src/config.js': code`
// Reads the JSON settings through an async reader (a file read, an HTTP fetch...).
async function loadConfig(read) {
  const text = read('settings.json');
  const settings = JSON.parse(text);
  return { retries: 3, ...settings };
}

module.exports = { loadConfig };
`,
      'test/config.test.js': header + code`
const { loadConfig } = require('../src/config');

test('settings come from the async reader', async () => {
  const read = async (name) => (name === 'settings.json' ? '{"retries": 5, "verbose": true}' : '{}');
  assert.deepEqual(await loadConfig(read), { retries: 5, verbose: true });
});
`,
    },
    tests: ['test/config.test.js'],
    fix: { 'src/config.js': [["const text = read('settings.json');", "const text = await read('settings.json');"]] },
    decoy: { 'src/config.js': [['const settings = JSON.parse(text);', 'const settings = JSON.parse(String(text));']] },
  },
  {
    id: 'js-order-total',
    lang: 'js',
    kind: 'missing await',
    prompt: 'Fix src/orders.js: orderTotal(ids, fetchPrice) returns garbage instead of the sum of the prices; test/orders.test.js fails.',
    files: {
      'src/orders.js': code`
// Sum of the prices of the given product ids; fetchPrice(id) is async.
async function orderTotal(ids, fetchPrice) {
  let total = 0;
  for (const id of ids) {
    total += fetchPrice(id);
  }
  return total;
}

module.exports = { orderTotal };
`,
      'test/orders.test.js': header + code`
const { orderTotal } = require('../src/orders');

test('the total adds every price', async () => {
  const prices = { apple: 2, pear: 3 };
  const fetchPrice = async (id) => prices[id];
  assert.equal(await orderTotal(['apple', 'pear', 'apple'], fetchPrice), 7);
});
`,
    },
    tests: ['test/orders.test.js'],
    fix: { 'src/orders.js': [['total += fetchPrice(id);', 'total += await fetchPrice(id);']] },
    decoy: { 'src/orders.js': [['total += fetchPrice(id);', 'total += Number(fetchPrice(id));']] },
  },
];
