// @ts-check
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { problemText } from '../src/problem-text.js';

describe('the message of a refused request', () => {
    it('is a problem details body\'s detail, else its title', () => {
        assert.equal(problemText('{"title":"Conflict","detail":"Stop the run before deleting it."}', 'Conflict'), 'Stop the run before deleting it.');
        assert.equal(problemText('{"title":"Not Found","status":404}', 'Not Found'), 'Not Found');
    });

    it('is a plain-text answer as it is, trimmed', () => {
        assert.equal(problemText('  A benchmark of this session is running; stop it first.\n', 'Conflict'), 'A benchmark of this session is running; stop it first.');
    });

    it('is the status text when the answer is empty', () => {
        assert.equal(problemText('', 'Service Unavailable'), 'Service Unavailable');
    });
});
