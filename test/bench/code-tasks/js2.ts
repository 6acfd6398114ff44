// JavaScript tasks, part 2: null handling, wrong default, regexes, edge cases, integer
// division, and two tasks whose fix spans two files.
import { code, JS_TEST_HEADER as header, type CodeTask } from './task';

export const JS_TASKS_2: CodeTask[] = [
  {
    id: 'js-greeting',
    lang: 'js',
    kind: 'null handling',
    prompt: 'Fix src/greeting.js: greet() crashes for a user without a name and must say "Hello, guest"; test/greeting.test.js fails.',
    files: {
      'src/greeting.js': code`
// "Hello, Ada" for { name: ' Ada ' }; guests have no user or no name.
function greet(user) {
  const name = user.name.trim();
  return 'Hello, ' + name;
}

module.exports = { greet };
`,
      'test/greeting.test.js': header + code`
const { greet } = require('../src/greeting');

test('named users and guests', () => {
  assert.equal(greet({ name: ' Ada ' }), 'Hello, Ada');
  assert.equal(greet({}), 'Hello, guest');
  assert.equal(greet(null), 'Hello, guest');
});
`,
    },
    tests: ['test/greeting.test.js'],
    fix: { 'src/greeting.js': [['const name = user.name.trim();', "const name = user && user.name ? user.name.trim() : 'guest';"]] },
    decoy: { 'src/greeting.js': [['const name = user.name.trim();', "const name = (user.name || '').trim();"]] },
  },
  {
    id: 'js-server-options',
    lang: 'js',
    kind: 'wrong default',
    prompt: 'Fix src/server.js: the documented default port is 8080 and the default host is 127.0.0.1; test/server.test.js fails.',
    files: {
      'src/server.js': code`
// Listening options; defaults: port 8080 on 127.0.0.1 (local only).
function serverOptions({ port = 80, host = '127.0.0.1' } = {}) {
  return { port, host };
}

module.exports = { serverOptions };
`,
      'test/server.test.js': header + code`
const { serverOptions } = require('../src/server');

test('defaults', () => {
  assert.deepEqual(serverOptions(), { port: 8080, host: '127.0.0.1' });
  assert.deepEqual(serverOptions({ port: 3000 }), { port: 3000, host: '127.0.0.1' });
});
`,
    },
    tests: ['test/server.test.js'],
    fix: { 'src/server.js': [['port = 80,', 'port = 8080,']] },
    decoy: { 'src/server.js': [['port = 80,', 'port = 8000,']] },
  },
  {
    id: 'js-word-count',
    lang: 'js',
    kind: 'wrong regex',
    prompt: 'Fix src/words.js: wordCount counts empty words between repeated spaces or tabs; test/words.test.js fails.',
    files: {
      'src/words.js': code`
// Number of words in a text; any run of whitespace separates two words.
function wordCount(text) {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  return trimmed.split(/ /).length;
}

module.exports = { wordCount };
`,
      'test/words.test.js': header + code`
const { wordCount } = require('../src/words');

test('whitespace runs separate words', () => {
  assert.equal(wordCount('one two'), 2);
  assert.equal(wordCount('  one   two\tthree '), 3);
  assert.equal(wordCount('   '), 0);
});
`,
    },
    tests: ['test/words.test.js'],
    fix: { 'src/words.js': [['split(/ /)', 'split(/\\s+/)']] },
    decoy: { 'src/words.js': [['split(/ /)', 'split(/ +/)']] },
  },
  {
    id: 'js-slugify',
    lang: 'js',
    kind: 'wrong regex',
    prompt: 'Fix src/slug.js: slugify only replaces the first run of punctuation; test/slug.test.js fails.',
    files: {
      'src/slug.js': code`
// "Hello, World!" -> "hello-world": runs of other characters become one dash.
function slugify(title) {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/, '-')
    .replace(/^-|-$/g, '');
}

module.exports = { slugify };
`,
      'test/slug.test.js': header + code`
const { slugify } = require('../src/slug');

test('slugs', () => {
  assert.equal(slugify('Hello, World!'), 'hello-world');
  assert.equal(slugify('A  B  C'), 'a-b-c');
});
`,
    },
    tests: ['test/slug.test.js'],
    fix: { 'src/slug.js': [[".replace(/[^a-z0-9]+/, '-')", ".replace(/[^a-z0-9]+/g, '-')"]] },
    decoy: { 'src/slug.js': [[".replace(/[^a-z0-9]+/, '-')", ".replace(/[^a-z0-9]/g, '-')"]] },
  },
  {
    id: 'js-average',
    lang: 'js',
    kind: 'missed edge case',
    prompt: 'Fix src/average.js: average([]) returns NaN and must return 0; test/average.test.js fails.',
    files: {
      'src/average.js': code`
// Arithmetic mean of a list of numbers; 0 for an empty list.
function average(xs) {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

module.exports = { average };
`,
      'test/average.test.js': header + code`
const { average } = require('../src/average');

test('average', () => {
  assert.equal(average([1, 2, 3, 6]), 3);
  assert.equal(average([]), 0);
});
`,
    },
    tests: ['test/average.test.js'],
    fix: { 'src/average.js': [['  let sum = 0;\n', '  if (xs.length === 0) return 0;\n  let sum = 0;\n']] },
    decoy: { 'src/average.js': [['return sum / xs.length;', 'return sum / (xs.length + 1);']] },
  },
  {
    id: 'js-median',
    lang: 'js',
    kind: 'integer division',
    prompt: 'Fix src/median.js: median of an odd-length list is undefined because the middle index is not a whole number; test/median.test.js fails.',
    files: {
      'src/median.js': code`
// Middle value of a list with an odd number of items.
function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[sorted.length / 2];
}

module.exports = { median };
`,
      'test/median.test.js': header + code`
const { median } = require('../src/median');

test('median of odd-length lists', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([9, 4, 7, 1, 5]), 5);
});
`,
    },
    tests: ['test/median.test.js'],
    fix: { 'src/median.js': [['sorted[sorted.length / 2]', 'sorted[Math.floor(sorted.length / 2)]']] },
    decoy: { 'src/median.js': [['sorted[sorted.length / 2]', 'sorted[Math.ceil(sorted.length / 2)]']] },
  },
  {
    id: 'js-cart-tax',
    lang: 'js',
    kind: 'swapped arguments',
    prompt: 'Fix src/tax.js and src/cart.js: the cart total with 20% tax is wrong; withTax must round to the nearest cent and cart.js passes its arguments in the wrong order. test/cart.test.js fails.',
    files: {
      'src/tax.js': code`
// amount plus tax at rate (0.2 for 20%), to the nearest cent.
function withTax(amount, rate) {
  return Math.floor(amount * (1 + rate) * 100) / 100;
}

module.exports = { withTax };
`,
      'src/cart.js': code`
const { withTax } = require('./tax');

const TAX_RATE = 0.2;

// Total of the cart's lines, tax included.
function cartTotal(lines) {
  const subtotal = lines.reduce((sum, line) => sum + line.price * line.qty, 0);
  return withTax(TAX_RATE, subtotal);
}

module.exports = { cartTotal };
`,
      'test/cart.test.js': header + code`
const { cartTotal } = require('../src/cart');
const { withTax } = require('../src/tax');

test('tax is rounded to the cent', () => {
  assert.equal(withTax(19.99, 0.2), 23.99);
});

test('cart total includes tax', () => {
  assert.equal(cartTotal([{ price: 19.99, qty: 1 }]), 23.99);
  assert.equal(cartTotal([{ price: 5, qty: 2 }]), 12);
});
`,
    },
    tests: ['test/cart.test.js'],
    fix: {
      'src/tax.js': [['Math.floor(', 'Math.round(']],
      'src/cart.js': [['withTax(TAX_RATE, subtotal)', 'withTax(subtotal, TAX_RATE)']],
    },
    decoy: { 'src/tax.js': [['Math.floor(', 'Math.trunc(']] },
  },
  {
    id: 'js-low-stock',
    lang: 'js',
    kind: 'wrong operator',
    prompt: 'Fix src/stock.js and src/restock.js: an item at its threshold counts as low stock, and restock.js calls isLow with swapped arguments. test/restock.test.js fails.',
    files: {
      'src/stock.js': code`
// True when count has fallen to the threshold or below.
function isLow(count, threshold) {
  return count < threshold;
}

module.exports = { isLow };
`,
      'src/restock.js': code`
const { isLow } = require('./stock');

// Names of the items to order again.
function toRestock(items) {
  return items.filter((item) => isLow(item.threshold, item.count)).map((item) => item.name);
}

module.exports = { toRestock };
`,
      'test/restock.test.js': header + code`
const { toRestock } = require('../src/restock');

test('items at or below their threshold are restocked', () => {
  const items = [
    { name: 'bolts', count: 5, threshold: 5 },
    { name: 'nuts', count: 6, threshold: 5 },
    { name: 'gears', count: 2, threshold: 5 },
  ];
  assert.deepEqual(toRestock(items), ['bolts', 'gears']);
});
`,
    },
    tests: ['test/restock.test.js'],
    fix: {
      'src/stock.js': [['count < threshold', 'count <= threshold']],
      'src/restock.js': [['isLow(item.threshold, item.count)', 'isLow(item.count, item.threshold)']],
    },
    decoy: { 'src/stock.js': [['count < threshold', 'count < threshold + 2']] },
  },
];
