import { formatReproCommand, locateTrtexec, parseNvidiaSmiGpus, TRTEXEC_NOT_FOUND, trtexecProcess } from '@pipeline/tensorrt';
import { describe, expect, it } from 'vitest';

const exists = (paths: string[]) => async (p: string) => paths.includes(p);

describe('locateTrtexec', () => {
  it('local: trtexec_path, then TRTEXEC, then PATH', async () => {
    const env = { PATH: '/a:/b', TRTEXEC: '/opt/trt/bin/trtexec' };
    const isExecutable = exists(['/b/trtexec', '/opt/trt/bin/trtexec', '/mine/trtexec']);
    expect(await locateTrtexec({ runner: 'local', trtexecPath: '/mine/trtexec', env, isExecutable })).toMatchObject({ found: true, location: { path: '/mine/trtexec', from: 'trtexec_path' } });
    expect(await locateTrtexec({ runner: 'local', env, isExecutable })).toMatchObject({ found: true, location: { path: '/opt/trt/bin/trtexec', from: 'TRTEXEC' } });
    expect(await locateTrtexec({ runner: 'local', env: { PATH: '/a:/b' }, isExecutable })).toMatchObject({ found: true, location: { path: '/b/trtexec', from: 'PATH' } });
  });

  it('a trtexec_path that is not there is not passed over for another trtexec', async () => {
    const result = await locateTrtexec({ runner: 'auto', trtexecPath: '/missing', env: { PATH: '/b' }, isExecutable: exists(['/b/trtexec']) });
    expect(result).toMatchObject({ found: false });
  });

  it('auto falls back to docker only with an image and docker on PATH', async () => {
    const isExecutable = exists(['/usr/bin/docker']);
    expect(await locateTrtexec({ runner: 'auto', env: { PATH: '/usr/bin' }, isExecutable })).toMatchObject({ found: false });
    const found = await locateTrtexec({ runner: 'auto', image: 'nvcr.io/nvidia/tensorrt:24.05-py3', user: '1000:1000', env: { PATH: '/usr/bin' }, isExecutable });
    expect(found).toMatchObject({ found: true, location: { runner: 'docker', image: 'nvcr.io/nvidia/tensorrt:24.05-py3' } });
    expect(TRTEXEC_NOT_FOUND).toMatch(/^trtexec not found: install TensorRT, set trtexec_path, or use runner: docker with an image$/);
  });

  it('docker: --gpus, the user, bind mounts at the same paths, the image’s trtexec', () => {
    const proc = trtexecProcess({ runner: 'docker', docker: '/usr/bin/docker', image: 'nvcr.io/nvidia/tritonserver:24.05-py3', gpus: 'all', user: '1000:1000' }, ['--onnx=/m/a.onnx'], ['/o', '/m', '/m']);
    expect(proc.args).toEqual(['run', '--rm', '--gpus=all', '--user', '1000:1000', '-v', '/m:/m', '-v', '/o:/o', 'nvcr.io/nvidia/tritonserver:24.05-py3', '/usr/src/tensorrt/bin/trtexec', '--onnx=/m/a.onnx']);
    expect(formatReproCommand('trtexec', ["--minShapes='x:0':1x2", '--fp16'])).toBe(`trtexec '--minShapes='\\''x:0'\\'':1x2' --fp16`);
  });
});

describe('parseNvidiaSmiGpus', () => {
  it('reads name and compute capability, and a name with commas', () => {
    const text = 'NVIDIA A100-SXM4-40GB, 8.0\nNVIDIA GeForce RTX 3090, 8.6\n';
    expect(parseNvidiaSmiGpus(text)).toEqual({ name: 'NVIDIA A100-SXM4-40GB', computeCapability: '8.0' });
    expect(parseNvidiaSmiGpus(text, 1)).toEqual({ name: 'NVIDIA GeForce RTX 3090', computeCapability: '8.6' });
    expect(parseNvidiaSmiGpus('Tesla T4, [N/A]\n')).toEqual({ name: 'Tesla T4' });
    expect(parseNvidiaSmiGpus('')).toBeUndefined();
  });
});
