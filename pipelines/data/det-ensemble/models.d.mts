import type { OnnxModel } from '@pipeline/onnx';

export declare const SIZE: number;
export declare const MEAN: readonly number[];
export declare const STD: readonly number[];
export declare const THRESHOLD: number;
export declare function preprocessModel(): OnnxModel;
export declare function postprocessModel(): OnnxModel;
