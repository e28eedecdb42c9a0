import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandProblems } from '../../src/lib/blocks/block-commands.ts';
import { DOCKER_SUBCOMMANDS, readDocker, staticWords } from '../../src/lib/blocks/docker-args.ts';
import { placementOf } from '../../scripts/lib/docker/isolation.ts';
import { fence, noteBlocks } from '../support/blocks.ts';

const read = (line: string) => readDocker(staticWords(line.split(' ')));
const texts = (words: ReadonlyArray<{ text: string }>) => words.map((word) => word.text);

describe("docker's arguments, read once", () => {
  it('reads options as docker does, up to the image, and the rest as the command', () => {
    const run = read('--context ci run -dp 8080:80 -v/tmp:/x --name=kn-n-web --rm busybox ls -lt');
    assert.equal(run.subcommand, 'run');
    assert.deepEqual(run.options.map((o) => [o.name, o.value?.text]), [['-d', undefined], ['-p', '8080:80'], ['-v', '/tmp:/x'], ['--name', 'kn-n-web'], ['--rm', undefined]]);
    assert.deepEqual([texts(run.positional), texts(run.command)], [['busybox'], ['ls', '-lt']]);
    assert.deepEqual(run.global.options.map((o) => [o.name, o.value?.text]), [['--context', 'ci']]);
  });

  it('gives one name to a grouped subcommand and reads options between the names of the objects', () => {
    assert.equal(read('container ls -a').subcommand, 'ps');
    assert.equal(read('image rm x').subcommand, 'rmi');
    assert.equal(read('network create --driver bridge n').subcommand, 'network create');
    const logs = read('logs web --tail 5 -f --follow=false');
    assert.deepEqual([texts(logs.positional), logs.options.map((o) => [o.name, o.value?.text])], [['web'], [['--tail', '5'], ['-f', undefined], ['--follow', 'false']]]);
  });

  it('names what its grammar does not know, for the subcommands that list their switches', () => {
    assert.deepEqual(read('run --gpus all busybox').unknown, ['--gpus']);
    assert.equal(read('compose up -d').known, false);
  });

  it('an option added to the grammar reaches both the terminal check and the --jobs analysis', () => {
    const code = 'docker run --gpus all -it busybox sh';
    const [block] = noteBlocks(fence('run id=a needs=docker', code));
    const terminal = () => commandProblems(block!).map((problem) => problem.problem);
    const placement = () => placementOf('n', [block!], false);
    // Unknown, `--gpus` takes no value: `all` is the image and `-it` belongs to its command.
    assert.deepEqual(terminal(), []);
    assert.match(placement().reason, /uses `--gpus`, an option this analysis does not know/);
    const values = DOCKER_SUBCOMMANDS.run!.values as Set<string>;
    values.add('--gpus');
    try {
      assert.match(terminal()[0] ?? '', /needs a terminal/);
      assert.equal(placement().mode, 'parallel');
    } finally {
      values.delete('--gpus');
    }
  });
});
